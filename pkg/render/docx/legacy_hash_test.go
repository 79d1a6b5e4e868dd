package docx_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/templates"
)

// legacyDocxSums are the sha256 of the DOCX each released version makes
// of the test documents, recorded before issue 18 (optimal typesetting)
// changed anything in the DOCX of later versions: a released version's
// documents must come out byte for byte as they always did. Never
// regenerate them; a difference is a change to released output.
var legacyDocxSums = map[string]string{
	"analysis-report@1.0.0 000_f50bb33c8ce6181b":    "e03db824c0b7d04bf1d6894138032091582c87ed573dde810ff012b836d91591",
	"analysis-report@1.0.0 001_49fbf96383fe353c":    "413f992e51921cc928970291f408dae3a3491b48f2e16c1721c72603a0b19042",
	"analysis-report@1.0.0 analysis":                "9a4da6ef2da637abcefec7bd96257d8e49632920b530a2fe68b933ca70b343b8",
	"analysis-report@1.0.0 longwords":               "6f8a3aad4292651a0a2a93e2292b764b7ae7f18a6ebfbadc55b0608dcafe666b",
	"analysis-report@1.0.0 passport-rows":           "a1d8b9f0a5eaa40049f016e09a48985985d717004d03226862b3dd34fcc5815e",
	"analysis-report@1.0.0 sample":                  "339132715c51abc4f67226ded42cae60f7ff87b5bb2768701ffc340124320a43",
	"analysis@1.1.0 000_f50bb33c8ce6181b":           "3bc63f03a8d519d2293c5cba828e388d6a59ed211db09480d17532f2b31066a8",
	"analysis@1.1.0 001_49fbf96383fe353c":           "d44e70a161a1af587e8f9094dd094b572bf2775a7b4f4f69b05d14cf190ceda6",
	"analysis@1.1.0 analysis":                       "f007da36c6d78ec0aef475aa821ce92429d4c1bb42d843f44307eebfd1d9d232",
	"analysis@1.1.0 longwords":                      "68c393e28b6b715d2e54b40b52fae0edb9682f0924c89880abd7437d00333636",
	"analysis@1.1.0 passport-rows":                  "cdf1ca6a3cd55aa14c884163155645250daf4700f9c1b6d6d3c19dad2ba6de1f",
	"analysis@1.1.0 sample":                         "ceb4c98e9a525fe86db53469e81f46958d0078e94c58ac796b5be3321786ebc6",
	"municipal-roadmap@1.1.0 000_f50bb33c8ce6181b":  "0a005ba62bead1286af13f516c8b3cf0ef39bf36c571a4c193253babe1a232c9",
	"municipal-roadmap@1.1.0 001_49fbf96383fe353c":  "5d54ccaa6aefa37887bc6e0c024794c2cb5fb952062eade22d467194bb8bea13",
	"municipal-roadmap@1.1.0 analysis":              "65d40512c6a2d5461affb001c04ffa905961fe7fbd5f0518fef5f9fff8b31aed",
	"municipal-roadmap@1.1.0 longwords":             "3ca463b75ce0ad044e632c95ec316c6d437b8ec8b1213a9ef4d0f1425d7a581d",
	"municipal-roadmap@1.1.0 passport-rows":         "789bbc8dd4052219154f5f56c55d5385df75205d9be59c213c21ddafc542f96f",
	"municipal-roadmap@1.1.0 sample":                "53f1d1a7077c4c679c7bcb40118dfde1722721408a766b76ab9fcf6ecbb1313b",
	"programme-appendix@1.0.0 000_f50bb33c8ce6181b": "35b0b1540436db7666df8337d827d2b0aa6741c19c5f3592bfdd3e6eea1b9a2b",
	"programme-appendix@1.0.0 001_49fbf96383fe353c": "d5c92d5cb88758f851cc4dae4387d70b748720669a9b7280f304df05ac113e5d",
	"programme-appendix@1.0.0 analysis":             "43f3ae7cf31b1007cfd09ab659e06fcbef359d64e81041f89f4bf4974014ca40",
	"programme-appendix@1.0.0 longwords":            "ab4a36af488967d9009baac56e63ae8372d222d3fe65c206b67083060cb4bc80",
	"programme-appendix@1.0.0 passport-rows":        "ac0ed1e34cff2b58778b07dac0a88e286ad0f4069bd1ff04fd44e79659108847",
	"programme-appendix@1.0.0 sample":               "90d589e5951aa950bff46bda447bf5a7316b6dfb8d3eda7b804f34ee0c1b4631",
	"school-programme@1.0.0 000_f50bb33c8ce6181b":   "f9226f5e7420f5cb77694c905146ec173d0b49c07b813a110eed37e5c9c37dad",
	"school-programme@1.0.0 001_49fbf96383fe353c":   "c71822eaec38cd1ead7641cf56e9494a4b9a8564551f45d6a6cafcf975403a80",
	"school-programme@1.0.0 analysis":               "fd5789825402104f2083e2fb218234bcf8d31adc6862ec9d3f52583028adf388",
	"school-programme@1.0.0 longwords":              "754bc6b5669d189a4ef05acab8f9c5d988479878efe3c1a2ff5cf3002b5271a4",
	"school-programme@1.0.0 passport-rows":          "b3375b914444cadfd66b09e5b6894860934f087d013f50930b4457c5b580b1ec",
	"school-programme@1.0.0 sample":                 "c2ab655e5520f0463ffc0bcfd764b6bd80d60c05899119cb9360e1cd1b04f73b",
	"school-roadmap@1.1.0 000_f50bb33c8ce6181b":     "8602b7686375eca5784db4488fcc8f5c89ff47f49273728df215db9e4c08bdc3",
	"school-roadmap@1.1.0 001_49fbf96383fe353c":     "024bfab047b11c6a3512116e56576e61b69ed1439abbc2a174641f3d987912b3",
	"school-roadmap@1.1.0 analysis":                 "919c7fe8433f1000c310b4972387f63e7f88893127623013d9bd8b821d8d9a3f",
	"school-roadmap@1.1.0 longwords":                "f60df368c40345a9633d8df8cfb6b10bd58c5a783741c2cc9a857800f0758fd8",
	"school-roadmap@1.1.0 passport-rows":            "9b1d8820a277d37c440c5f0447966a3632fd5caea0d9d3dad92d8dbc42e03cf8",
	"school-roadmap@1.1.0 sample":                   "6a0ec15a433431a09a08f95b9e0d00adaafbc459230702c6567b270a0c461de3",
	"school-roadmap@1.1.0 stamps-free-lines":        "57f5511828bc1f34009e5813d0e06299c8caa1f36023e8513b934103f6ee298c",
}

// legacyDocxDocs are the documents of the hash test for version v: the
// dry-run sample (every kind of block) and the narrative-heavy test
// documents and seeds the version accepts.
func legacyDocxDocs(t *testing.T, v *templates.Version) map[string]*document.Document {
	docs := map[string]*document.Document{"sample": docx.Sample(&v.Manifest)}
	for _, f := range []string{"analysis", "longwords", "passport-rows", "stamps-free-lines"} {
		d := load(t, "testdata", "documents", f+".json")
		if engine(t).Validate(d, v.Ref()) == nil {
			docs[f] = d
		}
	}
	for _, s := range []string{testdoc.Seed000, testdoc.Seed001} {
		d := testdoc.Seed(t, s)
		if engine(t).Validate(d, v.Ref()) == nil {
			docs[strings.TrimSuffix(s, ".json")] = d
		}
	}
	return docs
}

// TestLegacyDocxBytes: every released version with a DOCX still makes the
// bytes it made before issue 18.
func TestLegacyDocxBytes(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	r := docx.NewRenderer()
	got := map[string]string{}
	for _, v := range reg.List() {
		if v.Manifest.Docx == nil || !v.Manifest.Legacy() {
			continue
		}
		for name, d := range legacyDocxDocs(t, v) {
			var out bytes.Buffer
			if err := r.Render(context.Background(), &out, d, v, docx.Meta{Template: v.Ref(), InputHash: "sha256:0", Creator: "kartograf"}); err != nil {
				t.Fatalf("%s %s: %v", v.Ref(), name, err)
			}
			sum := sha256.Sum256(out.Bytes())
			got[v.Ref()+" "+name] = hex.EncodeToString(sum[:])
		}
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want, ok := legacyDocxSums[k]
		switch {
		case !ok:
			t.Errorf("no recorded sum for %s: %q", k, got[k])
		case want != got[k]:
			t.Errorf("%s: the DOCX of a released version changed: sha256 %s, recorded %s", k, got[k], want)
		}
	}
	for k := range legacyDocxSums {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: recorded but no longer rendered", k)
		}
	}
}
