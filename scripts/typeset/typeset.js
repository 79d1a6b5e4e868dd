'use strict';
// Typesets the narrative of Kartograf JSON documents with Typst and with
// Kartograf, measures both PDFs' justified lines with the project's spacing
// measure (internal/testtool/spacing) and prints a table; with --write it
// also rewrites internal/testtool/spacing/testdata/typst.json, the Typst
// figures the Go tests compare against. Not part of CI: see README.md.
//
//   node scripts/typeset/typeset.js [--write] [--keep DIR] [doc.json ...]
//
// Typst comes from the npm package @myriaddreamin/typst-ts-node-compiler,
// installed by setup.sh into $TYPST_DIR (default /tmp/kartograf-typeset).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const TYPST_DIR = process.env.TYPST_DIR || path.join(os.tmpdir(), 'kartograf-typeset');
const TYPST_PKG = '@myriaddreamin/typst-ts-node-compiler';
const FONT_DIRS = (process.env.TYPST_FONT_DIRS || '/usr/share/fonts/truetype/liberation2').split(':');
const DEFAULT_DOCS = ['testdata/seeds/000_f50bb33c8ce6181b.json', 'testdata/documents/analysis-long.json'];
const FIGURES = path.join(REPO, 'internal', 'testtool', 'spacing', 'testdata', 'typst.json');
const PT_PER_MM = 72 / 25.4;

function parseArgs(argv) {
  const a = { write: false, keep: null, docs: [] };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--write') a.write = true;
    else if (k === '--keep') a.keep = argv[++i];
    else if (k === '-h' || k === '--help') {
      console.log('usage: node scripts/typeset/typeset.js [--write] [--keep DIR] [doc.json ...]');
      process.exit(0);
    } else if (k.startsWith('-')) throw new Error('unknown flag ' + k);
    else a.docs.push(k);
  }
  if (a.docs.length === 0) a.docs = DEFAULT_DOCS;
  return a;
}

function loadTypst() {
  try {
    return require(require.resolve(TYPST_PKG, { paths: [TYPST_DIR] }));
  } catch (e) {
    throw new Error(`${TYPST_PKG} is not installed in ${TYPST_DIR}: run scripts/typeset/setup.sh (${e.message})`);
  }
}

// The Typst source: the narrative comes in as JSON through sys.inputs and is
// set as content, never parsed as markup, so no text needs escaping.
function typstSource(p) {
  return `#metadata(str(sys.version)) <typst-version>
#let doc = json(bytes(sys.inputs.doc))
#set page(paper: "a4", margin: (top: ${p.top}mm, right: ${p.right}mm, bottom: ${p.bottom}mm, left: ${p.left}mm))
// Line pitch = ${p.spacing} x size, as Kartograf's: a line box of exactly
// 1em (edges at 0.8em and -0.2em) plus the leading.
#set text(font: "Liberation Serif", size: ${p.size}pt, lang: "ru", hyphenate: true,
  top-edge: 0.8em, bottom-edge: -0.2em)
#set par(justify: true, leading: ${(p.spacing - 1).toFixed(3)}em, spacing: ${(p.spacing - 1).toFixed(3)}em,
  first-line-indent: (amount: ${p.indent}mm, all: true))
#set list(indent: ${p.indent}mm, body-indent: 0.5em, spacing: ${(p.spacing - 1).toFixed(3)}em)
#set enum(indent: ${p.indent}mm, body-indent: 0.5em, spacing: ${(p.spacing - 1).toFixed(3)}em)
#let item-list(l) = {
  let items = l.items.map(it => {
    let it = if type(it) == str { (text: it) } else { it }
    [#it.text]
    if it.at("list", default: none) != none { item-list(it.list) }
  })
  if l.at("ordered", default: false) {
    enum(start: l.at("start", default: 1), ..items)
  } else {
    list(marker: [#l.at("marker", default: "–")], ..items)
  }
}
#for b in doc.body {
  if "heading" in b {
    v(0.5em)
    align(center, strong(b.heading.text))
    v(0.5em)
  } else if "paragraph" in b {
    let p = b.paragraph
    let a = p.at("align", default: "justify")
    if a == "justify" or a == "left" {
      par(justify: a == "justify", first-line-indent: if p.at("indent", default: true) { (amount: ${p.indent}mm, all: true) } else { 0pt }, p.text)
    } else {
      align(if a == "center" { center } else { right }, p.text)
    }
  } else if "list" in b {
    item-list(b.list)
  }
}
`;
}

// The template version Kartograf rendered with, from its CLI's report
// «file: out.pdf (analysis@1.1.0, sha256:…)».
function renderKartograf(kartograf, doc, out) {
  const r = spawnSync(kartograf, ['render', '-o', out, doc], { cwd: REPO, encoding: 'utf8' });
  const res = (r.stdout || '') + (r.stderr || '');
  if (r.status !== 0) throw new Error(`kartograf render ${doc}: ${res}`);
  const m = /\(([a-z0-9-]+)@([0-9][0-9A-Za-z.+-]*),/.exec(res);
  if (!m) throw new Error('no template@version in the CLI output: ' + res);
  return { id: m[1], version: m[2] };
}

function manifestParams(tpl) {
  const file = path.join(REPO, 'templates', tpl.id, tpl.version, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const mm = m.page.margins_mm;
  if (m.page.orientation && m.page.orientation !== 'portrait') {
    throw new Error(`${tpl.id}@${tpl.version}: only portrait pages are set (${m.page.orientation})`);
  }
  return {
    top: mm.top, right: mm.right, bottom: mm.bottom, left: mm.left,
    size: m.sizes.body, spacing: m.sizes.line_spacing || 1.15,
    indent: (m.narrative && m.narrative.indent_mm) || 12.5,
  };
}

function renderTypst(typst, src, doc, out) {
  const dir = path.dirname(out);
  const main = path.join(dir, 'main.typ');
  fs.writeFileSync(main, src);
  const compiler = typst.NodeCompiler.create({ workspace: dir, fontArgs: [{ fontPaths: FONT_DIRS }] });
  const res = compiler.compile({ mainFilePath: main, inputs: { doc: fs.readFileSync(doc, 'utf8') } });
  if (res.hasError()) {
    res.printErrors();
    throw new Error('typst compile failed for ' + doc);
  }
  fs.writeFileSync(out, compiler.pdf(res.result));
  return compiler.query(res.result, { selector: '<typst-version>', field: 'value' })[0];
}

function measure(spacing, pdf, p) {
  const out = execFileSync(spacing, ['-size', String(p.size), '-right', (p.right * PT_PER_MM).toFixed(4), pdf], { encoding: 'utf8' });
  return JSON.parse(out);
}

const r3 = x => Math.round(x * 1000) / 1000;

function main() {
  const args = parseArgs(process.argv);
  const typst = loadTypst();
  const pkgVersion = JSON.parse(fs.readFileSync(require.resolve(TYPST_PKG + '/package.json', { paths: [TYPST_DIR] }), 'utf8')).version;
  const work = args.keep || fs.mkdtempSync(path.join(os.tmpdir(), 'typeset-'));
  fs.mkdirSync(work, { recursive: true });
  const bin = path.join(work, 'bin');
  const env = { ...process.env, GOFLAGS: '-buildvcs=false' };
  execFileSync('go', ['build', '-o', bin + '/', './cmd/kartograf', './internal/testtool/spacing/cmd/spacing'], { cwd: REPO, env, stdio: 'inherit' });
  const rows = [];
  const figures = {};
  let typstVersion = '';
  for (const docArg of args.docs) {
    const doc = path.resolve(REPO, docArg);
    const name = path.basename(doc, '.json');
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const kpdf = path.join(dir, 'kartograf.pdf');
    const tpl = renderKartograf(path.join(bin, 'kartograf'), doc, kpdf);
    const p = manifestParams(tpl);
    const tpdf = path.join(dir, 'typst.pdf');
    typstVersion = renderTypst(typst, typstSource(p), doc, tpdf);
    const k = measure(path.join(bin, 'spacing'), kpdf, p);
    const t = measure(path.join(bin, 'spacing'), tpdf, p);
    rows.push([name, `kartograf ${tpl.id}@${tpl.version}`, k]);
    rows.push([name, `typst ${typstVersion}`, t]);
    figures[name] = {
      font_size: p.size, right_margin_mm: p.right,
      lines: t.Lines, max: r3(t.Max), p95: r3(t.P95), hyphenated: t.Hyphenated, max_hyphen_run: t.MaxHyphenRun,
    };
  }
  const head = ['document', 'renderer', 'lines', 'max', 'p95', 'hyphenated', 'max hyphen run'];
  const table = [head, ...rows.map(([d, r, m]) => [d, r, String(m.Lines), m.Max.toFixed(2), m.P95.toFixed(2), String(m.Hyphenated), String(m.MaxHyphenRun)])];
  const w = head.map((_, i) => Math.max(...table.map(r => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
  console.log(`PDFs in ${work}`);
  if (args.write) {
    const out = {
      renderer: `typst ${typstVersion} (${TYPST_PKG} ${pkgVersion})`,
      measure: 'internal/testtool/spacing: widest inter-word gap / (0.25 em x font size) over justified lines; p95 nearest rank',
      setup: 'scripts/typeset/typeset.js: A4 portrait, the template margins, Liberation Serif at the body size, line pitch 1.15, first-line indent 12.5 mm, justify, lang ru, hyphenate',
      documents: Object.fromEntries(Object.keys(figures).sort().map(k => [k, figures[k]])),
    };
    fs.writeFileSync(FIGURES, JSON.stringify(out, null, 2) + '\n');
    console.log('wrote ' + path.relative(REPO, FIGURES));
  }
}

main();
