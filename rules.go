package kartograf

import (
	"sync"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// rulesCache holds each template version's font coverage: validation asks
// the fonts themselves, not a renderer.
type rulesCache struct {
	lib *fonts.Library
	reg *templates.Registry // names the versions that print a feature
	mu  sync.Mutex
	m   map[string]*templates.Coverage // by template version hash
}

// rules are the validation rules of a template version.
func (rc *rulesCache) rules(v *templates.Version) (document.Rules, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	c, ok := rc.m[v.Hash]
	if !ok {
		var err error
		if c, err = v.Coverage(rc.lib); err != nil {
			return document.Rules{}, err
		}
		if rc.m == nil {
			rc.m = map[string]*templates.Coverage{}
		}
		rc.m[v.Hash] = c
	}
	r := v.Rules(c)
	// The feature gate: a released version must refuse what it cannot
	// print rather than drop it, and name the versions that can.
	r.Template, r.Features = v.Ref(), v.Manifest.Features
	if rc.reg != nil {
		r.FeatureVersions = rc.reg.WithFeature
	}
	return r, nil
}
