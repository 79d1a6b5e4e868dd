package pdf

import (
	"fmt"
	"sync"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"

	"github.com/kartograf-ru/kartograf/third_party/gopdf"
)

// Text styles, indexes into faceSet.styles: the template's own order.
const (
	regular    = templates.StyleRegular
	bold       = templates.StyleBold
	italic     = templates.StyleItalic
	boldItalic = templates.StyleBoldItalic
	numStyles  = templates.NumStyles
)

// faceSet is the fonts of one template version: for each style the primary
// face and its fallbacks, plus measurers per size. It is built once per
// template version and shared by every document rendered with it.
type faceSet struct {
	name   string
	styles [numStyles][]*fonts.Face
	family map[*fonts.Face]string // gopdf family name (subset tag + face name)

	mu        sync.Mutex
	measurers map[measureKey]*typo.Measurer
}

type measureKey struct {
	style int
	size  float64
}

func (s *faceSet) measurer(style int, size float64) *typo.Measurer {
	k := measureKey{style, size}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.measurers[k]; ok {
		return m
	}
	m := typo.NewMeasurer(typo.Font{Faces: s.styles[style], Size: size})
	s.measurers[k] = m
	return m
}

// faceCache loads each template version's fonts once and registers every
// face once in a gopdf FontContainer, which parses the TTF for gopdf; each
// document then takes the parsed font from the container.
type faceCache struct {
	lib       *fonts.Library
	container gopdf.FontContainer

	mu         sync.Mutex
	sets       map[string]*faceSet // by template hash
	registered map[string]bool     // gopdf family names in container
	compacts   map[*fonts.Face]*fonts.Face
}

// compact returns the face reduced to fonts.CompactRepertoire, once per face.
func (c *faceCache) compact(f *fonts.Face) (*fonts.Face, error) {
	if cf, ok := c.compacts[f]; ok {
		return cf, nil
	}
	data, err := fonts.Compact(f.Data(), fonts.CompactRepertoire)
	if err != nil {
		return nil, err
	}
	cf, err := c.lib.Load(f.Name(), data)
	if err != nil {
		return nil, err
	}
	if c.compacts == nil {
		c.compacts = map[*fonts.Face]*fonts.Face{}
	}
	c.compacts[f] = cf
	return cf, nil
}

func (c *faceCache) get(v *templates.Version) (*faceSet, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sets[v.Hash]; ok {
		return s, nil
	}
	s := &faceSet{name: v.Manifest.Fonts.DisplayName(), family: map[*fonts.Face]string{}, measurers: map[measureKey]*typo.Measurer{}}
	for i, set := range v.Manifest.Fonts.StyleSets() {
		for st, name := range set {
			face, err := v.LoadFace(c.lib, name)
			if err != nil {
				return nil, fmt.Errorf("шаблон %s, шрифт %d «%s»: %w", v.Ref(), i, name, err)
			}
			faces := []*fonts.Face{face}
			if i == 0 {
				// The main face goes first in a compact form holding only
				// the characters documents use: gopdf's per-document subset
				// carries the parent's whole hmtx and loca and compresses
				// them for every document, so a small parent makes every
				// render cheaper. The full face stays next in line for the
				// rest of its characters.
				compact, err := c.compact(face)
				if err != nil {
					return nil, fmt.Errorf("шаблон %s, шрифт «%s»: %w", v.Ref(), name, err)
				}
				faces = []*fonts.Face{compact, face}
			}
			for _, f := range faces {
				s.styles[st] = append(s.styles[st], f)
				if _, ok := s.family[f]; !ok {
					fam, err := c.register(f)
					if err != nil {
						return nil, fmt.Errorf("шаблон %s, шрифт «%s»: %w", v.Ref(), name, err)
					}
					s.family[f] = fam
				}
			}
		}
	}
	if c.sets == nil {
		c.sets = map[string]*faceSet{}
	}
	c.sets[v.Hash] = s
	return s, nil
}

// register adds the face to the container under a subset-style name
// "ABCDEF+Name" whose tag is derived from the font bytes, so that two
// different fonts with the same name never collide and output is stable.
func (c *faceCache) register(f *fonts.Face) (string, error) {
	sum := f.Sum() // recorded by the library: no hashing of the whole font per version
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	fam := string(tag) + "+" + f.Name()
	if c.registered[fam] {
		return fam, nil
	}
	if err := c.container.AddTTFFontData(fam, f.Data()); err != nil {
		return "", fmt.Errorf("разбор шрифта для PDF: %w", err)
	}
	if c.registered == nil {
		c.registered = map[string]bool{}
	}
	c.registered[fam] = true
	return fam, nil
}
