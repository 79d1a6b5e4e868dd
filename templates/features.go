package templates

// WithFeature lists the versions (id@version, by id then version) whose
// manifest lists feature f: where a document that needs f can go.
func (r *Registry) WithFeature(f string) []string {
	var out []string
	for _, v := range r.List() {
		if v.Manifest.Has(f) {
			out = append(out, v.Ref())
		}
	}
	return out
}
