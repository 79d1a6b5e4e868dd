package pdf

import (
	"fmt"
	"slices"
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

// LoadFaces loads a template version's fonts for the layout once; the PDF
// writer parses each face when a document first uses it. It is the check a
// use of the version needs; Check also has the writer parse every face.
func (r *Renderer) LoadFaces(v *templates.Version) error {
	_, err := r.cache.get(v)
	return err
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
	data, err := fonts.Compact(f.Data(), nil) // nil: CompactRepertoire, walked by its ranges
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

// precompact compacts the main set's faces side by side, one goroutine
// each, before get takes them in turn: four compactions were the largest
// part of loading a version's fonts in a cold render, and they share
// nothing. A face that fails to load or compact is left to get, which
// reports the problem as before. c.mu is held.
func (c *faceCache) precompact(v *templates.Version) {
	sets := v.Manifest.Fonts.StyleSets()
	if len(sets) == 0 {
		return
	}
	var todo []*fonts.Face
	for _, name := range sets[0] {
		f, err := v.LoadFace(c.lib, name)
		if err != nil {
			return
		}
		if _, done := c.compacts[f]; !done && !slices.Contains(todo, f) {
			todo = append(todo, f)
		}
	}
	if len(todo) < 2 {
		return
	}
	data := make([][]byte, len(todo))
	var wg sync.WaitGroup
	for i, f := range todo {
		wg.Go(func() { data[i], _ = fonts.Compact(f.Data(), nil) })
	}
	wg.Wait()
	for i, f := range todo {
		if data[i] == nil {
			continue
		}
		cf, err := c.lib.Load(f.Name(), data[i])
		if err != nil {
			continue
		}
		if c.compacts == nil {
			c.compacts = map[*fonts.Face]*fonts.Face{}
		}
		c.compacts[f] = cf
	}
}

func (c *faceCache) get(v *templates.Version) (*faceSet, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.sets[v.Hash]; ok {
		return s, nil
	}
	s := &faceSet{name: v.Manifest.Fonts.DisplayName(), family: map[*fonts.Face]string{}, measurers: map[measureKey]*typo.Measurer{}}
	c.precompact(v)
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
				// The PDF writer parses a face only when a document uses
				// it (addFont) or a check asks for all (Check): most
				// documents never touch the full and fallback faces.
				if _, ok := s.family[f]; !ok {
					s.family[f] = familyName(f)
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

// familyName is the face's name in the gopdf container, "ABCDEF+Name",
// whose subset-style tag is derived from the font bytes, so that two
// different fonts with the same name never collide and output is stable.
func familyName(f *fonts.Face) string {
	sum := f.Sum() // recorded by the library: no hashing of the whole font per version
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag) + "+" + f.Name()
}

// register parses the face for gopdf into the container under fam, once;
// c.mu must be held.
func (c *faceCache) register(f *fonts.Face, fam string) error {
	if c.registered[fam] {
		return nil
	}
	if err := c.container.AddTTFFontData(fam, f.Data()); err != nil {
		return fmt.Errorf("разбор шрифта для PDF: %w", err)
	}
	if c.registered == nil {
		c.registered = map[string]bool{}
	}
	c.registered[fam] = true
	return nil
}

// registerAll parses every face of s for gopdf: the eager check, which
// must refuse a version whose fonts the PDF writer cannot read before any
// document uses them.
func (c *faceCache) registerAll(s *faceSet, ref string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, faces := range s.styles {
		for _, f := range faces {
			if err := c.register(f, s.family[f]); err != nil {
				return fmt.Errorf("шаблон %s, шрифт «%s»: %w", ref, f.Name(), err)
			}
		}
	}
	return nil
}

// addFont adds the face f, known to the container as fam, to the
// document, parsing it for gopdf at its first use in this cache. The
// container is a sync.Map: documents read it while another face is added.
func (c *faceCache) addFont(pdf *gopdf.GoPdf, f *fonts.Face, fam string) error {
	c.mu.Lock()
	err := c.register(f, fam)
	c.mu.Unlock()
	if err != nil {
		return err
	}
	return pdf.AddTTFFontFromFontContainer(fam, &c.container)
}
