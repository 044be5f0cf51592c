package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// UpdateUserConfig sets a user's per-channel settings
// (docs/provisioning.md#users).
func (h *Handler) UpdateUserConfig(_ context.Context, sc service.Scope, in *api.UpdateUserConfigRequest) error {
	var cfg service.UserConfigInput
	for _, c := range in.AfterContactWorkConfigs {
		if c == nil {
			continue
		}
		x := service.ChannelACWInput{Channel: api.Val(c.Channel)}
		if a := c.AfterContactWorkConfig; a != nil {
			x.Limit = api.Val(a.AfterContactWorkTimeLimit)
		}
		if a := c.AgentFirstCallbackAfterContactWorkConfig; a != nil {
			x.AgentFirstCallback = api.Ptr(api.Val(a.AfterContactWorkTimeLimit))
		}
		cfg.AfterContactWork = append(cfg.AfterContactWork, x)
	}
	for _, c := range in.AutoAcceptConfigs {
		if c != nil {
			cfg.AutoAccept = append(cfg.AutoAccept, service.ChannelAutoAcceptInput{Channel: api.Val(c.Channel), AutoAccept: api.Val(c.AutoAccept),
				AgentFirstCallback: c.AgentFirstCallbackAutoAccept})
		}
	}
	for _, c := range in.PersistentConnectionConfigs {
		if c != nil {
			cfg.PersistentConnection = append(cfg.PersistentConnection, service.ChannelPersistentInput{Channel: api.Val(c.Channel),
				PersistentConnection: api.Val(c.PersistentConnection)})
		}
	}
	for _, c := range in.PhoneNumberConfigs {
		if c != nil {
			cfg.PhoneNumber = append(cfg.PhoneNumber, service.ChannelPhoneInput{Channel: api.Val(c.Channel), PhoneType: api.Val(c.PhoneType),
				PhoneNumber: c.PhoneNumber})
		}
	}
	for _, c := range in.VoiceEnhancementConfigs {
		if c != nil {
			cfg.VoiceEnhancement = append(cfg.VoiceEnhancement, service.ChannelVoiceEnhancementInput{Channel: api.Val(c.Channel),
				Mode: api.Val(c.VoiceEnhancementMode)})
		}
	}
	return h.svc.UpdateUserConfig(sc, *in.InstanceId, *in.UserId, cfg)
}

// userConfigsOut fills DescribeUser's per-channel lists: AutoAccept and
// ACW for every channel; persistent connection, phone number and voice
// enhancement for VOICE when set.
func userConfigsOut(u *service.User, out *api.User) {
	for _, cs := range u.EffectiveChannels() {
		out.AutoAcceptConfigs = append(out.AutoAcceptConfigs, &api.AutoAcceptConfig{Channel: api.Ptr(cs.Channel),
			AutoAccept: api.Ptr(cs.AutoAccept), AgentFirstCallbackAutoAccept: cs.AgentFirstCallbackAutoAccept})
		acw := &api.AfterContactWorkConfigPerChannel{Channel: api.Ptr(cs.Channel),
			AfterContactWorkConfig: &api.AfterContactWorkConfig{AfterContactWorkTimeLimit: api.Ptr(cs.AfterContactWorkTimeLimit)}}
		if cs.AgentFirstCallbackACWTimeLimit != nil {
			acw.AgentFirstCallbackAfterContactWorkConfig = &api.AfterContactWorkConfig{AfterContactWorkTimeLimit: cs.AgentFirstCallbackACWTimeLimit}
		}
		out.AfterContactWorkConfigs = append(out.AfterContactWorkConfigs, acw)
	}
	pc := u.PhoneConfig
	if pc.PersistentConnection != nil {
		out.PersistentConnectionConfigs = []*api.PersistentConnectionConfig{{Channel: api.Ptr("VOICE"), PersistentConnection: pc.PersistentConnection}}
	}
	if pc.PhoneType != "" {
		out.PhoneNumberConfigs = []*api.PhoneNumberConfig{{Channel: api.Ptr("VOICE"), PhoneType: api.Ptr(pc.PhoneType), PhoneNumber: strp(pc.DeskPhoneNumber)}}
	}
	if m := u.Channels["VOICE"].VoiceEnhancementMode; m != "" {
		out.VoiceEnhancementConfigs = []*api.VoiceEnhancementConfig{{Channel: api.Ptr("VOICE"), VoiceEnhancementMode: api.Ptr(m)}}
	}
}
