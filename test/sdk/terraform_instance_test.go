package sdk

import (
	"sort"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The aws_connect_instance family, driven as the Terraform AWS provider's
// internal/service/connect does it (instance.go, instance_storage_config.go,
// lambda_function_association.go, bot_association.go, approved_origin.go
// and their data sources).

// tfInstanceAttributes is the provider's InstanceAttributeMapping: the
// attributes it sets after create and reads on every refresh.
var tfInstanceAttributes = []types.InstanceAttributeType{
	types.InstanceAttributeTypeAutoResolveBestVoices,
	types.InstanceAttributeTypeContactLens,
	types.InstanceAttributeTypeContactflowLogs,
	types.InstanceAttributeTypeEarlyMedia,
	types.InstanceAttributeTypeMultiPartyConference,
	types.InstanceAttributeTypeMultiPartyChatConference,
}

// tfReadInstanceAttributes is the provider's read of the attribute set:
// one DescribeInstanceAttribute per attribute, each value a bool.
func tfReadInstanceAttributes(t *testing.T, c *connect.Client, iid string) map[types.InstanceAttributeType]bool {
	t.Helper()
	got := map[types.InstanceAttributeType]bool{}
	for _, a := range tfInstanceAttributes {
		out, err := c.DescribeInstanceAttribute(ctx(), &connect.DescribeInstanceAttributeInput{InstanceId: &iid, AttributeType: a})
		tfStep(t, "DescribeInstanceAttribute", err)
		if out.Attribute == nil || out.Attribute.Value == nil || out.Attribute.AttributeType != a {
			t.Fatalf("DescribeInstanceAttribute(%s) = %+v", a, out.Attribute)
		}
		v, err := strconv.ParseBool(*out.Attribute.Value)
		if err != nil {
			t.Fatalf("attribute %s value %q is not a bool", a, *out.Attribute.Value)
		}
		got[a] = v
	}
	return got
}

// tfCreateInstance is resourceInstanceCreate: CreateInstance, wait
// CREATION_IN_PROGRESS → ACTIVE, then UpdateInstanceAttribute for every
// attribute whose configured value is true (d.GetOk skips false).
func tfCreateInstance(t *testing.T, e *env, alias string, tags map[string]string, attrs map[types.InstanceAttributeType]bool) string {
	t.Helper()
	c := e.client
	out, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{
		ClientToken:            aws.String("terraform-" + alias),
		IdentityManagementType: types.DirectoryTypeConnectManaged,
		InboundCallsEnabled:    aws.Bool(true),
		OutboundCallsEnabled:   aws.Bool(false),
		InstanceAlias:          aws.String(alias),
		Tags:                   tags,
	})
	tfStep(t, "CreateInstance", err)
	iid := *out.Id
	e.waitFor(t, "instance ACTIVE", func() (bool, error) {
		d, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &iid})
		if err != nil {
			return false, err
		}
		switch d.Instance.InstanceStatus {
		case types.InstanceStatusActive:
			return true, nil
		case types.InstanceStatusCreationInProgress:
			return false, nil
		}
		t.Fatalf("instance status %s while waiting for ACTIVE", d.Instance.InstanceStatus)
		return false, nil
	})
	for _, a := range tfInstanceAttributes {
		if attrs[a] {
			_, err := c.UpdateInstanceAttribute(ctx(), &connect.UpdateInstanceAttributeInput{InstanceId: &iid, AttributeType: a, Value: aws.String("true")})
			tfStep(t, "UpdateInstanceAttribute", err)
		}
	}
	return iid
}

func TestTerraformInstance(t *testing.T) {
	e := newEnv(t)
	c := e.client
	config := map[types.InstanceAttributeType]bool{
		types.InstanceAttributeTypeAutoResolveBestVoices: true,
		types.InstanceAttributeTypeContactLens:           true,
		types.InstanceAttributeTypeContactflowLogs:       true,
		types.InstanceAttributeTypeEarlyMedia:            true,
	}
	tags := map[string]string{"env": "test", "team": "blue"}
	iid := tfCreateInstance(t, e, "tf-instance", tags, config)

	read := func() *types.Instance {
		t.Helper()
		d, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &iid})
		tfStep(t, "DescribeInstance", err)
		return d.Instance
	}
	in := read()
	wantARN := "arn:aws:connect:us-east-1:111111111111:instance/" + iid
	if *in.Id != iid || *in.Arn != wantARN || *in.InstanceAlias != "tf-instance" || in.IdentityManagementType != types.DirectoryTypeConnectManaged ||
		!*in.InboundCallsEnabled || *in.OutboundCallsEnabled || in.InstanceStatus != types.InstanceStatusActive || in.CreatedTime == nil ||
		in.ServiceRole == nil {
		t.Fatalf("DescribeInstance = %+v", in)
	}
	tfSameTags(t, "instance", in.Tags, tags)
	if got := tfReadInstanceAttributes(t, c, iid); !sameAttrs(got, config) {
		t.Fatalf("attributes after create %v, want %v", got, config)
	}

	// Update: each changed attribute is one UpdateInstanceAttribute.
	config[types.InstanceAttributeTypeContactflowLogs] = false
	config[types.InstanceAttributeTypeMultiPartyConference] = true
	for _, a := range []types.InstanceAttributeType{types.InstanceAttributeTypeContactflowLogs, types.InstanceAttributeTypeMultiPartyConference} {
		_, err := c.UpdateInstanceAttribute(ctx(), &connect.UpdateInstanceAttributeInput{InstanceId: &iid, AttributeType: a,
			Value: aws.String(strconv.FormatBool(config[a]))})
		tfStep(t, "UpdateInstanceAttribute", err)
	}
	if got := tfReadInstanceAttributes(t, c, iid); !sameAttrs(got, config) {
		t.Fatalf("attributes after update %v, want %v", got, config)
	}
	newTags := map[string]string{"env": "prod", "owner": "ops"}
	tfUpdateTags(t, c, wantARN, tags, newTags)
	tfSameTags(t, "instance after tag update", read().Tags, newTags)

	// Delete: DeleteInstance, then wait until DescribeInstance answers
	// ResourceNotFoundException (pending ACTIVE).
	_, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &iid})
	tfStep(t, "DeleteInstance", err)
	e.waitGone(t, "instance", func() error {
		_, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &iid})
		return err
	})
	_, err = c.DescribeInstanceAttribute(ctx(), &connect.DescribeInstanceAttributeInput{InstanceId: &iid, AttributeType: types.InstanceAttributeTypeContactLens})
	tfNotFound(t, "DescribeInstanceAttribute", err)
}

func sameAttrs(got, config map[types.InstanceAttributeType]bool) bool {
	for _, a := range tfInstanceAttributes {
		if got[a] != config[a] {
			return false
		}
	}
	return true
}

// TestTerraformInstanceDataSource is data.aws_connect_instance: by
// instance_id (DescribeInstance) and by instance_alias (ListInstances
// paged, matched on the alias), then the attribute set.
func TestTerraformInstanceDataSource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	newInstance(t, c, "tf-ds-other")
	iid := tfCreateInstance(t, e, "tf-ds-instance", map[string]string{"k": "v"}, map[types.InstanceAttributeType]bool{types.InstanceAttributeTypeEarlyMedia: true})

	byID, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &iid})
	tfStep(t, "DescribeInstance", err)
	byAlias := tfFindOne(t, "ListInstances", func(token *string) ([]types.InstanceSummary, *string, error) {
		out, err := c.ListInstances(ctx(), &connect.ListInstancesInput{MaxResults: aws.Int32(10), NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.InstanceSummaryList, out.NextToken, nil
	}, func(s types.InstanceSummary) string { return aws.ToString(s.InstanceAlias) }, "tf-ds-instance")
	in := byID.Instance
	if *byAlias.Id != *in.Id || *byAlias.Arn != *in.Arn || byAlias.InstanceStatus != in.InstanceStatus ||
		byAlias.IdentityManagementType != in.IdentityManagementType || *byAlias.InboundCallsEnabled != *in.InboundCallsEnabled ||
		*byAlias.OutboundCallsEnabled != *in.OutboundCallsEnabled || !byAlias.CreatedTime.Equal(*in.CreatedTime) ||
		aws.ToString(byAlias.ServiceRole) != aws.ToString(in.ServiceRole) {
		t.Fatalf("by alias %+v, by id %+v", byAlias, in)
	}
	if got := tfReadInstanceAttributes(t, c, iid); !got[types.InstanceAttributeTypeEarlyMedia] {
		t.Fatalf("attributes %v", got)
	}
}

// TestTerraformInstanceStorageConfig is aws_connect_instance_storage_config
// and its data source: AssociateInstanceStorageConfig, read with
// DescribeInstanceStorageConfig (association ID and resource type),
// UpdateInstanceStorageConfig, DisassociateInstanceStorageConfig.
func TestTerraformInstanceStorageConfig(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-storage")
	s3 := func(prefix string) *types.InstanceStorageConfig {
		return &types.InstanceStorageConfig{StorageType: types.StorageTypeS3, S3Config: &types.S3Config{
			BucketName: aws.String("tf-transcripts"), BucketPrefix: aws.String(prefix),
			EncryptionConfig: &types.EncryptionConfig{EncryptionType: types.EncryptionTypeKms,
				KeyId: aws.String("arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000001")}}}
	}
	out, err := c.AssociateInstanceStorageConfig(ctx(), &connect.AssociateInstanceStorageConfigInput{InstanceId: &iid,
		ResourceType: types.InstanceStorageResourceTypeChatTranscripts, StorageConfig: s3("chats")})
	tfStep(t, "AssociateInstanceStorageConfig", err)
	assoc := *out.AssociationId
	read := func() (*types.InstanceStorageConfig, error) {
		d, err := c.DescribeInstanceStorageConfig(ctx(), &connect.DescribeInstanceStorageConfigInput{InstanceId: &iid,
			AssociationId: &assoc, ResourceType: types.InstanceStorageResourceTypeChatTranscripts})
		if err != nil {
			return nil, err
		}
		return d.StorageConfig, nil
	}
	got, err := read()
	tfStep(t, "DescribeInstanceStorageConfig", err)
	if *got.AssociationId != assoc || got.StorageType != types.StorageTypeS3 || *got.S3Config.BucketName != "tf-transcripts" ||
		*got.S3Config.BucketPrefix != "chats" || got.S3Config.EncryptionConfig == nil || got.S3Config.EncryptionConfig.EncryptionType != types.EncryptionTypeKms {
		t.Fatalf("read %+v", got)
	}

	_, err = c.UpdateInstanceStorageConfig(ctx(), &connect.UpdateInstanceStorageConfigInput{InstanceId: &iid, AssociationId: &assoc,
		ResourceType: types.InstanceStorageResourceTypeChatTranscripts, StorageConfig: s3("chats-v2")})
	tfStep(t, "UpdateInstanceStorageConfig", err)
	got, err = read()
	tfStep(t, "DescribeInstanceStorageConfig", err)
	if *got.S3Config.BucketPrefix != "chats-v2" || *got.AssociationId != assoc {
		t.Fatalf("after update %+v", got)
	}

	_, err = c.DisassociateInstanceStorageConfig(ctx(), &connect.DisassociateInstanceStorageConfigInput{InstanceId: &iid,
		AssociationId: &assoc, ResourceType: types.InstanceStorageResourceTypeChatTranscripts})
	tfStep(t, "DisassociateInstanceStorageConfig", err)
	_, err = read()
	tfNotFound(t, "DescribeInstanceStorageConfig", err)
}

// TestTerraformLambdaFunctionAssociation is
// aws_connect_lambda_function_association and its data source:
// AssociateLambdaFunction, read by paging ListLambdaFunctions for the ARN,
// DisassociateLambdaFunction, then the ARN is no longer listed.
func TestTerraformLambdaFunctionAssociation(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-lambda")
	fn := "arn:aws:lambda:us-east-1:111111111111:function:tf-lookup"
	for _, other := range []string{"arn:aws:lambda:us-east-1:111111111111:function:a-first", "arn:aws:lambda:us-east-1:111111111111:function:z-last"} {
		_, err := c.AssociateLambdaFunction(ctx(), &connect.AssociateLambdaFunctionInput{InstanceId: &iid, FunctionArn: aws.String(other)})
		tfStep(t, "AssociateLambdaFunction", err)
	}
	_, err := c.AssociateLambdaFunction(ctx(), &connect.AssociateLambdaFunctionInput{InstanceId: &iid, FunctionArn: &fn})
	tfStep(t, "AssociateLambdaFunction", err)
	list := func(token *string) ([]string, *string, error) {
		out, err := c.ListLambdaFunctions(ctx(), &connect.ListLambdaFunctionsInput{InstanceId: &iid, MaxResults: aws.Int32(1), NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.LambdaFunctions, out.NextToken, nil
	}
	same := func(s string) string { return s }
	if got := tfFindOne(t, "ListLambdaFunctions", list, same, fn); got != fn {
		t.Fatalf("found %s", got)
	}
	_, err = c.DisassociateLambdaFunction(ctx(), &connect.DisassociateLambdaFunctionInput{InstanceId: &iid, FunctionArn: &fn})
	tfStep(t, "DisassociateLambdaFunction", err)
	var left []string
	for token := (*string)(nil); ; {
		items, next, err := list(token)
		tfStep(t, "ListLambdaFunctions", err)
		left = append(left, items...)
		if next == nil {
			break
		}
		token = next
	}
	sort.Strings(left)
	if len(left) != 2 || left[0] == fn || left[1] == fn {
		t.Fatalf("after disassociate %v", left)
	}
	// Deleting again is the provider's delete of a vanished association: not found.
	_, err = c.DisassociateLambdaFunction(ctx(), &connect.DisassociateLambdaFunctionInput{InstanceId: &iid, FunctionArn: &fn})
	tfNotFound(t, "DisassociateLambdaFunction", err)
}

// TestTerraformBotAssociation is aws_connect_bot_association (Lex V1) and
// its data source: AssociateBot (retried on InvalidRequestException),
// read by paging ListBots (LexVersion V1) for name and region,
// DisassociateBot.
func TestTerraformBotAssociation(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-bot")
	bot := &types.LexBot{Name: aws.String("OrderFlowers"), LexRegion: aws.String("us-east-1")}
	_, err := c.AssociateBot(ctx(), &connect.AssociateBotInput{InstanceId: &iid, LexBot: bot})
	tfStep(t, "AssociateBot", err)
	list := func(token *string) ([]types.LexBotConfig, *string, error) {
		out, err := c.ListBots(ctx(), &connect.ListBotsInput{InstanceId: &iid, LexVersion: types.LexVersionV1, MaxResults: aws.Int32(25), NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.LexBots, out.NextToken, nil
	}
	key := func(b types.LexBotConfig) string {
		if b.LexBot == nil {
			return ""
		}
		return aws.ToString(b.LexBot.Name) + "/" + aws.ToString(b.LexBot.LexRegion)
	}
	tfFindOne(t, "ListBots", list, key, "OrderFlowers/us-east-1")
	_, err = c.DisassociateBot(ctx(), &connect.DisassociateBotInput{InstanceId: &iid, LexBot: bot})
	tfStep(t, "DisassociateBot", err)
	items, _, err := list(nil)
	tfStep(t, "ListBots", err)
	for _, b := range items {
		if key(b) == "OrderFlowers/us-east-1" {
			t.Fatalf("bot still listed after DisassociateBot")
		}
	}
}

// TestTerraformApprovedOrigin is aws_connect_approved_origin:
// AssociateApprovedOrigin, read by paging ListApprovedOrigins,
// DisassociateApprovedOrigin, then the origin is no longer listed.
func TestTerraformApprovedOrigin(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-origin")
	origin := "https://agents.example.com"
	_, err := c.AssociateApprovedOrigin(ctx(), &connect.AssociateApprovedOriginInput{InstanceId: &iid, Origin: &origin})
	tfStep(t, "AssociateApprovedOrigin", err)
	list := func(token *string) ([]string, *string, error) {
		out, err := c.ListApprovedOrigins(ctx(), &connect.ListApprovedOriginsInput{InstanceId: &iid, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.Origins, out.NextToken, nil
	}
	tfFindOne(t, "ListApprovedOrigins", list, func(s string) string { return s }, origin)
	_, err = c.DisassociateApprovedOrigin(ctx(), &connect.DisassociateApprovedOriginInput{InstanceId: &iid, Origin: &origin})
	tfStep(t, "DisassociateApprovedOrigin", err)
	items, _, err := list(nil)
	tfStep(t, "ListApprovedOrigins", err)
	if len(items) != 0 {
		t.Fatalf("origins after disassociate %v", items)
	}
}

// TestTerraformPromptDataSource is data.aws_connect_prompt: ListPrompts
// paged, matched on the name (the instance's default prompts).
func TestTerraformPromptDataSource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-prompt")
	p := tfFindOne(t, "ListPrompts", func(token *string) ([]types.PromptSummary, *string, error) {
		out, err := c.ListPrompts(ctx(), &connect.ListPromptsInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return out.PromptSummaryList, out.NextToken, nil
	}, func(s types.PromptSummary) string { return aws.ToString(s.Name) }, "Beep.wav")
	if p.Id == nil || p.Arn == nil {
		t.Fatalf("prompt %+v", p)
	}
}
