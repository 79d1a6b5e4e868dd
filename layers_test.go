package kartograf_test

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// layer is one step of the import order written down in doc.go: its
// packages may import packages of their own layer and of lower ones.
type layer struct {
	name string
	// pkgs are module-relative package paths; "." is the root package and
	// "x/..." is x and everything under it.
	pkgs []string
	// isolated layers hold alternatives: their packages must not import
	// one another.
	isolated bool
	rule     string // why an isolated layer is so, for the failure message
}

// layers is the table of the «Layers» section of doc.go, from the bottom.
// TestLayersMatchDoc keeps the two in step.
var layers = []layer{
	{name: "base", pkgs: []string{"pkg/document", "fonts", "pkg/sign", "pkg/jobs", "pkg/pdfsource", "third_party/gopdf/...", "internal/...", "internal/preflight"}},
	{name: "templates and typography", pkgs: []string{"templates", "pkg/typo"}},
	{name: "view", pkgs: []string{"pkg/render/view"}},
	{name: "renderers", pkgs: []string{"pkg/render/pdf", "pkg/render/docx", "pkg/render/xlsx"},
		isolated: true, rule: "renderers must not import each other"},
	{name: "importers", pkgs: []string{"pkg/xlsximport"}},
	{name: "engine", pkgs: []string{"."}},
	{name: "services", pkgs: []string{"pkg/registry", "pkg/rollover", "pkg/analysis", "pkg/batch", "pkg/service", "pkg/service/config"}},
	{name: "commands", pkgs: []string{"cmd/kartograf", "internal/cli", "cmd/kartograf-serve", "cmd/kartograf-load", "deploy/healthcheck", "internal/openapidump", "scripts/peerbench"}},
	{name: "test helpers", pkgs: []string{"internal/testtool/...", "internal/csvsafe/csvcheck", "internal/textcheck", "internal/preflight/preflighttest"}},
}

func TestLayers(t *testing.T) {
	pkgs, err := modulePackages(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range checkLayers(pkgs, layers) {
		t.Error(v)
	}
	// A table entry that matches nothing is a package that moved or went
	// away: the table and doc.go would describe a module that is not this.
	for _, l := range layers {
		for _, p := range l.pkgs {
			if !slices.ContainsFunc(pkgs, func(pk modulePackage) bool { return matches(p, pk.rel) }) {
				t.Errorf("layer «%s» names %s, which is no package of the module", l.name, p)
			}
		}
	}
	if len(pkgs) < 20 {
		t.Errorf("found %d packages, want the whole module: is the walk broken?", len(pkgs))
	}
}

// TestLayersMatchDoc fails when doc.go's «Layers» section does not name a
// package of the table in its layer's line, so the documented order is the
// enforced one.
func TestLayersMatchDoc(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	text := f.Doc.Text()
	_, section, ok := strings.Cut(text, "# Layers\n")
	if !ok {
		t.Fatal("doc.go has no «# Layers» section")
	}
	items := map[int]string{}
	sc := bufio.NewScanner(strings.NewReader(section))
	for sc.Scan() {
		n, rest, ok := strings.Cut(strings.TrimSpace(sc.Text()), ". ")
		if i, err := strconv.Atoi(n); ok && err == nil {
			items[i] = rest
		} else if i := len(items) - 1; len(items) > 0 && sc.Text() != "" && strings.HasPrefix(sc.Text(), "    ") {
			items[i] += " " + strings.TrimSpace(sc.Text()) // a wrapped list item
		}
	}
	if len(items) != len(layers) {
		t.Fatalf("doc.go lists %d layers, the table has %d", len(items), len(layers))
	}
	for i, l := range layers {
		if !strings.HasPrefix(items[i], l.name+":") {
			t.Errorf("doc.go's layer %d is %q, want it to start «%s:»", i, items[i], l.name)
		}
		for _, p := range l.pkgs {
			name := p
			if p == "." {
				name = "kartograf"
			}
			words := strings.FieldsFunc(items[i], func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == ':' })
			if !slices.Contains(words, name) && !slices.Contains(words, name+".") {
				t.Errorf("doc.go's layer %d (%q) does not name %s", i, items[i], name)
			}
		}
	}
}

// TestLayersCheckerCatchesForbiddenEdges runs the checker on a synthetic
// module with one edge of every forbidden kind, and with edges it must let
// through (tests, testdata, a nested module, the standard library).
func TestLayersCheckerCatchesForbiddenEdges(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                       "module example.org/k\n\ngo 1.26\n",
		"kartograf.go":                 "package k\n\nimport (\n\t\"fmt\"\n\n\t\"example.org/k/pkg/render/docx\"\n)\n\nvar _ = fmt.Sprint\nvar _ = docx.X\n",
		"pkg/render/pdf/pdf.go":        "package pdf\n\nconst X = 1\n",
		"pkg/render/docx/docx.go":      "package docx\n\nimport _ \"example.org/k/pkg/render/pdf\"\n\nconst X = 1\n",
		"pkg/render/docx/docx_test.go": "package docx_test\n\nimport _ \"example.org/k\"\n",
		"pkg/render/view/view.go":      "// Package view.\npackage view\n\nimport _ \"example.org/k/templates\"\n",
		"templates/t.go":               "package templates\n\nimport _ \"example.org/k/pkg/document\"\n",
		"pkg/document/d.go":            "package document\n\nimport (\n\t_ \"example.org/k/pkg/render/view\"\n\t_ \"os\"\n)\n",
		"pkg/document/testdata/x/x.go": "package x\n\nimport _ \"example.org/k/cmd/kartograf\"\n",
		"pkg/stray/s.go":               "package stray\n",
		"nested/go.mod":                "module example.org/nested\n",
		"nested/n.go":                  "package nested\n\nimport _ \"example.org/k/cmd/kartograf\"\n",
		"cmd/kartograf/main.go":        "package main\n\nimport _ \"example.org/k\"\n\nfunc main() {}\n",
		"internal/testtool/tt.go":      "package testtool\n",
		"internal/helper/h.go":         "package helper\n\nimport _ \"example.org/k\"\n",
		"pkg/service/s.go":             "package service\n\nimport _ \"example.org/k/internal/testtool\"\n",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs, err := modulePackages(root)
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, p := range pkgs {
		rels = append(rels, p.rel)
	}
	wantPkgs := []string{".", "cmd/kartograf", "internal/helper", "internal/testtool", "pkg/document", "pkg/render/docx", "pkg/render/pdf", "pkg/render/view", "pkg/service", "pkg/stray", "templates"}
	if !slices.Equal(rels, wantPkgs) {
		t.Errorf("packages = %q, want %q (no testdata, no nested module)", rels, wantPkgs)
	}
	got := checkLayers(pkgs, layers)
	want := []string{
		"internal/helper imports kartograf (the root package): the layer «base» must not import the higher layer «engine»",
		"pkg/document imports pkg/render/view: the layer «base» must not import the higher layer «view»",
		"pkg/render/docx imports pkg/render/pdf: renderers must not import each other",
		"pkg/service imports internal/testtool: the layer «services» must not import the higher layer «test helpers»",
		"pkg/stray has no layer: place it in the table of layers_test.go and in the «Layers» section of doc.go",
	}
	if !slices.Equal(got, want) {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// modulePackage is a directory of the module with non-test Go files and
// the module packages those files import, both module-relative.
type modulePackage struct {
	rel     string
	imports []string
}

// modulePackages walks the module rooted at root as the go command sees it
// — skipping testdata, directories starting with "." or "_" and nested
// modules — and parses the imports of every non-test Go file. Build
// constraints are ignored on purpose: an edge behind a build tag is still
// an edge.
func modulePackages(root string) ([]modulePackage, error) {
	modPath, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	byRel := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p == root {
				return nil
			}
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(dir)
		if byRel[rel] == nil {
			byRel[rel] = map[string]bool{}
		}
		for _, spec := range f.Imports {
			ip, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			switch {
			case ip == modPath:
				byRel[rel]["."] = true
			case strings.HasPrefix(ip, modPath+"/"):
				byRel[rel][strings.TrimPrefix(ip, modPath+"/")] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []modulePackage
	for rel, imps := range byRel {
		var list []string
		for ip := range imps {
			list = append(list, ip)
		}
		slices.Sort(list)
		out = append(out, modulePackage{rel: rel, imports: list})
	}
	slices.SortFunc(out, func(a, b modulePackage) int { return strings.Compare(a.rel, b.rel) })
	return out, nil
}

func modulePath(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// checkLayers returns one sentence per forbidden edge and per package
// without a layer, sorted.
func checkLayers(pkgs []modulePackage, layers []layer) []string {
	var out []string
	for _, p := range pkgs {
		from := layerOf(layers, p.rel)
		if from < 0 {
			out = append(out, fmt.Sprintf("%s has no layer: place it in the table of layers_test.go and in the «Layers» section of doc.go", display(p.rel)))
			continue
		}
		for _, ip := range p.imports {
			to := layerOf(layers, ip)
			switch {
			case ip == p.rel || to < 0:
				// An import of a package without a layer is reported
				// with that package, if it exists.
			case to > from:
				out = append(out, fmt.Sprintf("%s imports %s: the layer «%s» must not import the higher layer «%s»",
					display(p.rel), display(ip), layers[from].name, layers[to].name))
			case to == from && layers[from].isolated:
				out = append(out, fmt.Sprintf("%s imports %s: %s", display(p.rel), display(ip), layers[from].rule))
			}
		}
	}
	slices.Sort(out)
	return out
}

// layerOf returns the layer of the most specific pattern matching rel, so
// that "internal/..." can place small helpers in the base while a named
// internal package sits where it belongs; -1 when none matches.
func layerOf(layers []layer, rel string) int {
	best, bestLen := -1, -1
	for i, l := range layers {
		for _, p := range l.pkgs {
			if !matches(p, rel) {
				continue
			}
			n := len(p)
			if !strings.HasSuffix(p, "/...") {
				n = 1 << 20 // an exact name beats every pattern
			}
			if n > bestLen {
				best, bestLen = i, n
			}
		}
	}
	return best
}

// matches reports whether the module-relative package rel is the pattern
// p, or under it when p ends in "/...".
func matches(p, rel string) bool {
	if base, ok := strings.CutSuffix(p, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return path.Clean(p) == rel
}

func display(rel string) string {
	if rel == "." {
		return "kartograf (the root package)"
	}
	return rel
}
