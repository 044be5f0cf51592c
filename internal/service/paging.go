package service

import "github.com/connect-local/connect-local/internal/instance"

// Paging lives in the core (internal/instance paging.go).

// Page is one page of a list (instance.Page).
type Page[T any] = instance.Page[T]

// PageRequest is what a list or search call asks for (instance.PageRequest).
type PageRequest = instance.PageRequest

func paginate[T any](s *Service, items []T, key func(T) string, req PageRequest) (Page[T], error) {
	return instance.Paginate(s.core, items, key, req)
}

func (s *Service) mac(parts ...string) string { return s.core.MAC(parts...) }

func (s *Service) makeToken(binding, lastKey string) string {
	return s.core.MakeToken(binding, lastKey)
}

func (s *Service) readToken(token, binding string) (string, error) {
	return s.core.ReadToken(token, binding)
}
