package sdk

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

// channelView is one user's per-channel settings as DescribeUser shows
// them, by channel.
type channelView struct {
	autoAccept map[types.Channel]bool
	acw        map[types.Channel]int32
	cbAccept   *bool
	cbACW      *int32
	persistent *bool
	phone      *types.PhoneNumberConfig
	voiceMode  types.VoiceEnhancementMode
}

func channelsOf(t *testing.T, u *types.User) channelView {
	t.Helper()
	v := channelView{autoAccept: map[types.Channel]bool{}, acw: map[types.Channel]int32{}}
	for _, a := range u.AutoAcceptConfigs {
		v.autoAccept[a.Channel] = a.AutoAccept
		if a.Channel == types.ChannelVoice {
			v.cbAccept = a.AgentFirstCallbackAutoAccept
		}
	}
	for _, a := range u.AfterContactWorkConfigs {
		v.acw[a.Channel] = a.AfterContactWorkConfig.AfterContactWorkTimeLimit
		if a.Channel == types.ChannelVoice && a.AgentFirstCallbackAfterContactWorkConfig != nil {
			v.cbACW = aws.Int32(a.AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit)
		}
	}
	if len(v.autoAccept) != 4 || len(v.acw) != 4 {
		t.Fatalf("want every channel's AutoAccept and ACW: %+v %+v", u.AutoAcceptConfigs, u.AfterContactWorkConfigs)
	}
	for _, p := range u.PersistentConnectionConfigs {
		v.persistent = p.PersistentConnection
	}
	for _, p := range u.PhoneNumberConfigs {
		v.phone = &p
	}
	for _, m := range u.VoiceEnhancementConfigs {
		v.voiceMode = m.VoiceEnhancementMode
	}
	return v
}

// TestUpdateUserConfig: per-channel settings are stored, shown by
// DescribeUser, validated, and VOICE's are PhoneConfig's both ways.
func TestUpdateUserConfig(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "userconfig")
	c := f.c
	id := f.mkUser(t, "ana")

	// A new user: every channel takes PhoneConfig's (off, no limit).
	v := channelsOf(t, f.describeUser(t, id))
	if v.autoAccept[types.ChannelChat] || v.acw[types.ChannelVoice] != 0 || v.phone == nil || v.phone.PhoneType != types.PhoneTypeSoftPhone {
		t.Fatalf("new user: %+v", v)
	}

	_, err := c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: &id,
		AutoAcceptConfigs: []types.AutoAcceptConfig{
			{Channel: types.ChannelVoice, AutoAccept: true, AgentFirstCallbackAutoAccept: aws.Bool(true)},
			{Channel: types.ChannelChat, AutoAccept: true},
		},
		AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{
			{Channel: types.ChannelVoice, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 30},
				AgentFirstCallbackAfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 45}},
			{Channel: types.ChannelTask, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 600}},
		},
		PersistentConnectionConfigs: []types.PersistentConnectionConfig{{Channel: types.ChannelVoice, PersistentConnection: aws.Bool(true)}},
		PhoneNumberConfigs:          []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeDeskPhone, PhoneNumber: aws.String("+15555550123")}},
		VoiceEnhancementConfigs:     []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: types.VoiceEnhancementModeNoiseSuppression}},
	})
	if err != nil {
		t.Fatal(err)
	}
	u := f.describeUser(t, id)
	v = channelsOf(t, u)
	if !v.autoAccept[types.ChannelVoice] || !v.autoAccept[types.ChannelChat] || v.autoAccept[types.ChannelTask] || v.autoAccept[types.ChannelEmail] ||
		v.acw[types.ChannelVoice] != 30 || v.acw[types.ChannelTask] != 600 || v.acw[types.ChannelChat] != 0 ||
		v.cbAccept == nil || !*v.cbAccept || v.cbACW == nil || *v.cbACW != 45 || v.persistent == nil || !*v.persistent ||
		v.phone.PhoneType != types.PhoneTypeDeskPhone || *v.phone.PhoneNumber != "+15555550123" || v.voiceMode != types.VoiceEnhancementModeNoiseSuppression {
		t.Fatalf("after UpdateUserConfig: %+v", v)
	}
	// VOICE is the legacy PhoneConfig.
	pc := u.PhoneConfig
	if !pc.AutoAccept || pc.AfterContactWorkTimeLimit != 30 || pc.PhoneType != types.PhoneTypeDeskPhone || *pc.DeskPhoneNumber != "+15555550123" ||
		!*pc.PersistentConnection {
		t.Fatalf("PhoneConfig after UpdateUserConfig: %+v", pc)
	}

	// And the other way: UpdateUserPhoneConfig sets VOICE, and (as AWS
	// documents it) AutoAccept and the ACW limit of every channel.
	if _, err := c.UpdateUserPhoneConfig(ctx(), &connect.UpdateUserPhoneConfigInput{InstanceId: &f.iid, UserId: &id,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 90}}); err != nil {
		t.Fatal(err)
	}
	v = channelsOf(t, f.describeUser(t, id))
	if v.autoAccept[types.ChannelVoice] || v.autoAccept[types.ChannelChat] || v.acw[types.ChannelVoice] != 90 || v.acw[types.ChannelEmail] != 90 ||
		v.acw[types.ChannelTask] != 90 || v.phone.PhoneType != types.PhoneTypeSoftPhone || v.cbACW == nil || *v.cbACW != 45 {
		t.Fatalf("after UpdateUserPhoneConfig: %+v", v)
	}
	// UpdateUserConfig changes only the channels it names: VOICE's new
	// values leave the others as they were.
	if _, err := c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: &id,
		AutoAcceptConfigs:       []types.AutoAcceptConfig{{Channel: types.ChannelVoice, AutoAccept: true}, {Channel: types.ChannelChat, AutoAccept: true}},
		AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelVoice, AfterContactWorkConfig: &types.AfterContactWorkConfig{}}},
	}); err != nil {
		t.Fatal(err)
	}
	u = f.describeUser(t, id)
	v = channelsOf(t, u)
	if !v.autoAccept[types.ChannelVoice] || !v.autoAccept[types.ChannelChat] || v.autoAccept[types.ChannelTask] || v.acw[types.ChannelVoice] != 0 ||
		v.acw[types.ChannelChat] != 90 || !u.PhoneConfig.AutoAccept || u.PhoneConfig.AfterContactWorkTimeLimit != 0 {
		t.Fatalf("after UpdateUserConfig of VOICE: %+v %+v", v, u.PhoneConfig)
	}
	// A channel's own setting can be turned off again (false is sent).
	if _, err := c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: &id,
		AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: false}}}); err != nil {
		t.Fatal(err)
	}
	if v = channelsOf(t, f.describeUser(t, id)); v.autoAccept[types.ChannelChat] {
		t.Fatalf("CHAT auto-accept still on: %+v", v)
	}

	// Refused, and nothing of a refused request is kept.
	bad := []*connect.UpdateUserConfigInput{
		{AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: "FAX", AutoAccept: true}}},
		{AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: true}, {Channel: types.ChannelChat, AutoAccept: false}}},
		{AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: true, AgentFirstCallbackAutoAccept: aws.Bool(true)}}},
		{AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelChat, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 2_000_001}}}},
		{AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelChat, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: -1}}}},
		{PersistentConnectionConfigs: []types.PersistentConnectionConfig{{Channel: types.ChannelChat, PersistentConnection: aws.Bool(true)}}},
		{PhoneNumberConfigs: []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: "HEADSET"}}},
		{VoiceEnhancementConfigs: []types.VoiceEnhancementConfig{{Channel: types.ChannelEmail, VoiceEnhancementMode: types.VoiceEnhancementModeNone}}},
		{AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelEmail, AutoAccept: true}},
			PersistentConnectionConfigs: []types.PersistentConnectionConfig{{Channel: types.ChannelTask, PersistentConnection: aws.Bool(false)}}},
		{VoiceEnhancementConfigs: []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: "LOUDER"}}},
	}
	for i, in := range bad {
		in.InstanceId, in.UserId = &f.iid, &id
		_, err := c.UpdateUserConfig(ctx(), in)
		if err == nil {
			t.Fatalf("bad[%d] accepted", i)
		}
		wantAPIError(t, err, "InvalidParameterException", 400)
	}
	if v = channelsOf(t, f.describeUser(t, id)); v.autoAccept[types.ChannelEmail] || v.voiceMode != types.VoiceEnhancementModeNoiseSuppression {
		t.Fatalf("a refused request changed the user: %+v", v)
	}
	// A desk phone needs a number (this user has none).
	other := f.mkUser(t, "cy")
	_, err = c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: &other,
		PhoneNumberConfigs: []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeDeskPhone}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: aws.String("no-such-user"),
		AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: true}}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// TestUserConfigIsDurable restarts a disk-backed server and expects the
// per-channel settings.
func TestUserConfigIsDurable(t *testing.T) {
	dir := t.TempDir()
	vc := clock.NewVirtual(T0)
	open := func() (*env, func()) {
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		e := &env{t: t, srv: srv, http: hs, clock: vc}
		e.client = e.clientFor("111111111111", "us-east-1")
		return e, func() { hs.Close(); srv.Close() }
	}
	e, stop := open()
	f := newUserFixture(t, e, "durable-config")
	id := f.mkUser(t, "bo")
	if _, err := f.c.UpdateUserConfig(ctx(), &connect.UpdateUserConfigInput{InstanceId: &f.iid, UserId: &id,
		AutoAcceptConfigs:       []types.AutoAcceptConfig{{Channel: types.ChannelEmail, AutoAccept: true}},
		AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelVoice, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 15}}},
		VoiceEnhancementConfigs: []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: types.VoiceEnhancementModeVoiceIsolation}},
	}); err != nil {
		t.Fatal(err)
	}
	stop()

	e, stop = open()
	defer stop()
	f.e, f.c = e, e.client
	v := channelsOf(t, f.describeUser(t, id))
	if !v.autoAccept[types.ChannelEmail] || v.autoAccept[types.ChannelVoice] || v.acw[types.ChannelVoice] != 15 ||
		v.voiceMode != types.VoiceEnhancementModeVoiceIsolation {
		t.Fatalf("after restart: %+v", v)
	}
}
