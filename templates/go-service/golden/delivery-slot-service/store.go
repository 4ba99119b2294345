package main

import (
	"crypto/rand"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Item is the resource the API starts with.
type Item struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"createdAt"`
}

// itemStore keeps items in memory. Swap it for a database-backed type with
// the same methods (the postgres-database golden path provides DATABASE_URL);
// the HTTP layer does not change.
type itemStore struct {
	mu    sync.RWMutex
	items map[string]Item
}

func newItemStore() *itemStore {
	return &itemStore{items: map[string]Item{}}
}

// List returns every item, oldest first.
func (s *itemStore) List() []Item {
	s.mu.RLock()
	defer s.mu.RUnlock()
	list := make([]Item, 0, len(s.items))
	for _, item := range s.items {
		list = append(list, item)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].CreatedAt.Before(list[j].CreatedAt) })
	return list
}

func (s *itemStore) Get(id string) (Item, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	item, ok := s.items[id]
	return item, ok
}

func (s *itemStore) Create(name, description string) (Item, error) {
	id, err := newUUID()
	if err != nil {
		return Item{}, err
	}
	item := Item{ID: id, Name: name, Description: description, CreatedAt: time.Now().UTC()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[item.ID] = item
	return item, nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
