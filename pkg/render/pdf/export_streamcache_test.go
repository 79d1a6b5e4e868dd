package pdf

// FixedStreamHits is how many streams the finisher took from its cache.
func FixedStreamHits() uint64 {
	fixedStreams.mu.Lock()
	defer fixedStreams.mu.Unlock()
	return fixedStreams.hits
}

// ResetFixedStreams empties the finisher's stream cache. Tests only.
func ResetFixedStreams() {
	fixedStreams.mu.Lock()
	defer fixedStreams.mu.Unlock()
	clear(fixedStreams.m)
	fixedStreams.bytes = 0
}
