package routingconfig

import "github.com/connect-local/connect-local/internal/instance"

// The families of the routing configuration.
var (
	queues = instance.Family[instance.Queue]{Bucket: instance.BucketQueues, Kind: "queue", Noun: "Queue",
		Records: func(st *instance.State) map[string]*instance.Queue { return st.Queues },
		ID:      func(r *instance.Queue) string { return r.ID }, SetID: func(r *instance.Queue, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.Queue, m instance.Modified) { r.Modified = m }}
	quickConnects = instance.Family[instance.QuickConnect]{Bucket: instance.BucketQuick, Kind: "transfer-destination", Noun: "Quick connect",
		Records: func(st *instance.State) map[string]*instance.QuickConnect { return st.Quick },
		ID:      func(r *instance.QuickConnect) string { return r.ID }, SetID: func(r *instance.QuickConnect, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.QuickConnect, m instance.Modified) { r.Modified = m }}
	agentStatuses = instance.Family[instance.AgentStatus]{Bucket: instance.BucketStatuses, Kind: "agent-state", Noun: "Agent status",
		Records: func(st *instance.State) map[string]*instance.AgentStatus { return st.Statuses },
		ID:      func(r *instance.AgentStatus) string { return r.ID }, SetID: func(r *instance.AgentStatus, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.AgentStatus, m instance.Modified) { r.Modified = m }}
	securityProfiles = instance.Family[instance.SecurityProfile]{Bucket: instance.BucketSecurity, Kind: "security-profile", Noun: "Security profile",
		Records: func(st *instance.State) map[string]*instance.SecurityProfile { return st.Security },
		ID:      func(r *instance.SecurityProfile) string { return r.ID }, SetID: func(r *instance.SecurityProfile, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.SecurityProfile, m instance.Modified) { r.Modified = m }}
	profileFamily = instance.Family[instance.RoutingProfile]{Bucket: instance.BucketProfiles, Kind: "routing-profile", Noun: "Routing profile",
		Records: func(st *instance.State) map[string]*instance.RoutingProfile { return st.Profiles },
		ID:      func(r *instance.RoutingProfile) string { return r.ID }, SetID: func(r *instance.RoutingProfile, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.RoutingProfile, m instance.Modified) { r.Modified = m }, Clone: cloneProfile}
	userFamily = instance.Family[instance.User]{Bucket: instance.BucketUsers, Kind: "agent", Noun: "User",
		Records: func(st *instance.State) map[string]*instance.User { return st.Users },
		ID:      func(r *instance.User) string { return r.ID }, SetID: func(r *instance.User, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.User, m instance.Modified) { r.Modified = m }, Clone: cloneUser,
		Removed: func(st *instance.State, u *instance.User) { forgetUserProficiencies(st, u) }}
	groupFamily = instance.Family[instance.HierarchyGroup]{Bucket: instance.BucketGroups, Kind: "agent-group", Noun: "Hierarchy group",
		Records: func(st *instance.State) map[string]*instance.HierarchyGroup { return st.Groups },
		ID:      func(r *instance.HierarchyGroup) string { return r.ID }, SetID: func(r *instance.HierarchyGroup, id, arn string) { r.ID, r.ARN = id, arn },
		Stamp: func(r *instance.HierarchyGroup, m instance.Modified) { r.Modified = m }, Clone: cloneGroup}
)
