package templates

import "testing"

// A version named in the lock takes its hash from there, unread; one that
// is not is hashed from its files (an external directory, a version not
// yet released).
func TestLockedVersionTakesTheLockHash(t *testing.T) {
	r := &Registry{byID: map[string][]*Version{}}
	lock := map[string]string{"school-roadmap@1.0.0": "sha256:from-the-lock"}
	if err := r.addFS(builtin, "builtin", lock); err != nil {
		t.Fatal(err)
	}
	v, err := r.Resolve("school-roadmap@1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if v.Hash != "sha256:from-the-lock" {
		t.Errorf("locked version hash %s, want the lock's", v.Hash)
	}
	other, err := r.Resolve("analysis@1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Hash(other.Files)
	if err != nil {
		t.Fatal(err)
	}
	if other.Hash != want {
		t.Errorf("unlocked version hash %s, want its files' %s", other.Hash, want)
	}
}
