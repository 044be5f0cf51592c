package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
)

// Per-channel user settings (UpdateUserConfig; docs/provisioning.md#users).
//
// VOICE lives where the legacy PhoneConfig keeps it: VOICE's AutoAccept,
// AfterContactWorkTimeLimit, PersistentConnection, PhoneType and phone
// number are PhoneConfig's fields, so UpdateUserConfig and
// UpdateUserPhoneConfig change the same values and DescribeUser shows them
// alike in both shapes. User.Channels keeps the rest: VOICE's agent-first
// callback settings and voice enhancement, and CHAT, TASK and EMAIL's own
// AutoAccept and ACW limit; a channel that has none set takes PhoneConfig's.
// UpdateUserPhoneConfig sets AutoAccept and the ACW limit of every channel
// (as AWS documents it), so it drops the other channels' own values;
// UpdateUserConfig changes only the channels it names, so before it
// changes VOICE's it pins the other channels to the values they had.

// UserConfigInput is an UpdateUserConfig request. Each list names
// channels; a channel or list not given keeps its settings.
type UserConfigInput struct {
	AfterContactWork     []ChannelACWInput
	AutoAccept           []ChannelAutoAcceptInput
	PersistentConnection []ChannelPersistentInput
	PhoneNumber          []ChannelPhoneInput
	VoiceEnhancement     []ChannelVoiceEnhancementInput
}

// ChannelACWInput is one AfterContactWorkConfigPerChannel. The SDKs leave
// a zero limit out, so a config given without one means 0 (no limit);
// AgentFirstCallback nil keeps the callback limit.
type ChannelACWInput struct {
	Channel            string
	Limit              int64
	AgentFirstCallback *int64
}

// ChannelAutoAcceptInput is one AutoAcceptConfig; AgentFirstCallback nil
// keeps the callback setting.
type ChannelAutoAcceptInput struct {
	Channel            string
	AutoAccept         bool
	AgentFirstCallback *bool
}

// ChannelPersistentInput is one PersistentConnectionConfig (VOICE only).
type ChannelPersistentInput struct {
	Channel              string
	PersistentConnection bool
}

// ChannelPhoneInput is one PhoneNumberConfig (VOICE only); a PhoneNumber
// left out keeps the desk phone number, as UpdateUserPhoneConfig does.
type ChannelPhoneInput struct {
	Channel, PhoneType string
	PhoneNumber        *string
}

// ChannelVoiceEnhancementInput is one VoiceEnhancementConfig (VOICE only).
type ChannelVoiceEnhancementInput struct {
	Channel, Mode string
}

// channelCheck refuses a channel outside the enum, one named twice in
// the same list, and one other than VOICE where only VOICE applies.
type channelCheck struct {
	list      string
	voiceOnly bool
	seen      []string
}

func (c *channelCheck) check(ch string) error {
	if !slices.Contains(instance.UserChannels, ch) {
		return instance.InvalidParam("%s: Channel must be one of VOICE, CHAT, TASK, EMAIL, not %q.", c.list, ch)
	}
	if slices.Contains(c.seen, ch) {
		return instance.InvalidParam("%s names the channel %s more than once.", c.list, ch)
	}
	c.seen = append(c.seen, ch)
	if c.voiceOnly && ch != "VOICE" {
		return instance.InvalidParam("%s: only the VOICE channel is supported, not %s.", c.list, ch)
	}
	return nil
}

func checkACW(field string, v int64) error {
	if v < 0 || v > maxAfterContactWork {
		return instance.InvalidParam("%s must be from 0 to %d seconds.", field, maxAfterContactWork)
	}
	return nil
}

// apply sets in on u; nothing is kept when it fails (the caller's copy is
// dropped).
func (in UserConfigInput) apply(u *instance.User) error {
	chans := make(map[string]instance.ChannelConfig, len(u.Channels))
	for k, v := range u.Channels {
		chans[k] = v
	}
	pc := u.PhoneConfig
	// The other channels keep what they inherited from VOICE.
	for _, ch := range instance.UserChannels[1:] {
		cc := chans[ch]
		if cc.AutoAccept == nil {
			cc.AutoAccept = new(pc.AutoAccept)
		}
		if cc.AfterContactWorkTimeLimit == nil {
			cc.AfterContactWorkTimeLimit = new(pc.AfterContactWorkTimeLimit)
		}
		chans[ch] = cc
	}
	acw := channelCheck{list: "AfterContactWorkConfigs"}
	for _, c := range in.AfterContactWork {
		if err := acw.check(c.Channel); err != nil {
			return err
		}
		if err := checkACW("AfterContactWorkTimeLimit", c.Limit); err != nil {
			return err
		}
		cc := chans[c.Channel]
		if c.AgentFirstCallback != nil {
			if c.Channel != "VOICE" {
				return instance.InvalidParam("AgentFirstCallbackAfterContactWorkConfig applies to the VOICE channel only.")
			}
			if err := checkACW("AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit", *c.AgentFirstCallback); err != nil {
				return err
			}
			cc.AgentFirstCallbackACWTimeLimit = new(*c.AgentFirstCallback)
		}
		if c.Channel == "VOICE" {
			pc.AfterContactWorkTimeLimit = c.Limit
		} else {
			cc.AfterContactWorkTimeLimit = new(c.Limit)
		}
		chans[c.Channel] = cc
	}
	aa := channelCheck{list: "AutoAcceptConfigs"}
	for _, c := range in.AutoAccept {
		if err := aa.check(c.Channel); err != nil {
			return err
		}
		cc := chans[c.Channel]
		if c.AgentFirstCallback != nil {
			if c.Channel != "VOICE" {
				return instance.InvalidParam("AgentFirstCallbackAutoAccept applies to the VOICE channel only.")
			}
			cc.AgentFirstCallbackAutoAccept = new(*c.AgentFirstCallback)
		}
		if c.Channel == "VOICE" {
			pc.AutoAccept = c.AutoAccept
		} else {
			cc.AutoAccept = new(c.AutoAccept)
		}
		chans[c.Channel] = cc
	}
	pcc := channelCheck{list: "PersistentConnectionConfigs", voiceOnly: true}
	for _, c := range in.PersistentConnection {
		if err := pcc.check(c.Channel); err != nil {
			return err
		}
		pc.PersistentConnection = new(c.PersistentConnection)
	}
	pn := channelCheck{list: "PhoneNumberConfigs", voiceOnly: true}
	for _, c := range in.PhoneNumber {
		if err := pn.check(c.Channel); err != nil {
			return err
		}
		if c.PhoneType != "SOFT_PHONE" && c.PhoneType != "DESK_PHONE" {
			return instance.InvalidParam("PhoneType must be SOFT_PHONE or DESK_PHONE, not %q.", c.PhoneType)
		}
		pc.PhoneType = c.PhoneType
		if c.PhoneNumber != nil {
			pc.DeskPhoneNumber = *c.PhoneNumber
		}
		if pc.PhoneType == "DESK_PHONE" && pc.DeskPhoneNumber == "" {
			return instance.InvalidParam("A PhoneNumber is required when PhoneType is DESK_PHONE.")
		}
	}
	ve := channelCheck{list: "VoiceEnhancementConfigs", voiceOnly: true}
	for _, c := range in.VoiceEnhancement {
		if err := ve.check(c.Channel); err != nil {
			return err
		}
		switch c.Mode {
		case "VOICE_ISOLATION", "NOISE_SUPPRESSION", "NONE":
		default:
			return instance.InvalidParam("VoiceEnhancementMode must be VOICE_ISOLATION, NOISE_SUPPRESSION or NONE, not %q.", c.Mode)
		}
		cc := chans[c.Channel]
		cc.VoiceEnhancementMode = c.Mode
		chans[c.Channel] = cc
	}
	for k, v := range chans {
		if v == (instance.ChannelConfig{}) {
			delete(chans, k)
		}
	}
	if len(chans) == 0 {
		chans = nil
	}
	u.PhoneConfig, u.Channels = pc, chans
	return nil
}

// UpdateUserConfig sets per-channel settings; VOICE's shared ones change
// PhoneConfig (above).
func (s *RoutingConfig) UpdateUserConfig(sc instance.Scope, instanceID, userID string, in UserConfigInput) error {
	return s.updateUser(sc, instanceID, userID, func(_ *instance.State, u *instance.User) error { return in.apply(u) })
}

// phoneConfigForAll is UpdateUserPhoneConfig's side: PhoneConfig's
// AutoAccept and ACW limit now hold for every channel.
func phoneConfigForAll(chans map[string]instance.ChannelConfig) map[string]instance.ChannelConfig {
	out := map[string]instance.ChannelConfig{}
	for k, v := range chans {
		v.AutoAccept, v.AfterContactWorkTimeLimit = nil, nil
		if v != (instance.ChannelConfig{}) {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
