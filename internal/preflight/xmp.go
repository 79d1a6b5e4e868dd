package preflight

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Namespaces the XMP rules name.
const (
	nsRDF        = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsX          = "adobe:ns:meta/"
	nsXML        = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS      = "xmlns"
	nsDC         = "http://purl.org/dc/elements/1.1/"
	nsXMP        = "http://ns.adobe.com/xap/1.0/"
	nsPDF        = "http://ns.adobe.com/pdf/1.3/"
	nsPDFAID     = "http://www.aiim.org/pdfa/ns/id/"
	nsPDFAExt    = "http://www.aiim.org/pdfa/ns/extension/"
	nsPDFASchema = "http://www.aiim.org/pdfa/ns/schema#"
	nsPDFAProp   = "http://www.aiim.org/pdfa/ns/property#"
)

// predefined are the schemas of the XMP Specification (2005) and of ISO
// 19005 that 6.6.2.3.1 lets a file use without declaring them.
var predefined = map[string]bool{
	nsDC: true, nsXMP: true, nsPDF: true, nsPDFAID: true, nsPDFAExt: true,
	"http://ns.adobe.com/xap/1.0/rights/":          true,
	"http://ns.adobe.com/xap/1.0/mm/":              true,
	"http://ns.adobe.com/xap/1.0/bj/":              true,
	"http://ns.adobe.com/xap/1.0/t/pg/":            true,
	"http://ns.adobe.com/xmp/1.0/DynamicMedia/":    true,
	"http://ns.adobe.com/photoshop/1.0/":           true,
	"http://ns.adobe.com/camera-raw-settings/1.0/": true,
	"http://ns.adobe.com/tiff/1.0/":                true,
	"http://ns.adobe.com/exif/1.0/":                true,
	"http://ns.adobe.com/exif/1.0/aux/":            true,
}

// node is one XML element of an XMP packet.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*node
	text     string
}

// maxXMPNodes bounds the elements of one packet.
const maxXMPNodes = 100000

// parseXMP reads an XMP packet into a tree; an error means it is not
// well-formed XML.
func parseXMP(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	root := &node{}
	stack := []*node{root}
	count := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxXMPNodes {
				return nil, errors.New("слишком много элементов")
			}
			n := &node{name: t.Name, attrs: t.Attr}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top := stack[len(stack)-1]
			top.text += string(t)
		}
	}
	if len(stack) != 1 {
		return nil, errors.New("незакрытые элементы")
	}
	return root, nil
}

// walk calls fn for n and every element under it.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// property is one top-level XMP property: a child element or an
// attribute of an rdf:Description.
type property struct {
	name  xml.Name
	value string // the simple value, or the first (x-default) rdf:li
}

// properties lists the top-level properties of every rdf:Description.
func (n *node) properties() []property {
	var out []property
	n.walk(func(d *node) {
		if d.name.Space != nsRDF || d.name.Local != "Description" {
			return
		}
		for _, a := range d.attrs {
			if a.Name.Space == nsRDF || a.Name.Space == nsXMLNS || a.Name.Space == nsXML || a.Name.Space == "" {
				continue
			}
			out = append(out, property{name: a.Name, value: a.Value})
		}
		for _, c := range d.children {
			out = append(out, property{name: c.name, value: c.value()})
		}
	})
	return out
}

// value is a property's simple value, or that of its x-default (else
// first) rdf:li for an Alt, Seq or Bag.
func (n *node) value() string {
	var lis []*node
	n.walk(func(c *node) {
		if c.name.Space == nsRDF && c.name.Local == "li" {
			lis = append(lis, c)
		}
	})
	if len(lis) == 0 {
		return strings.TrimSpace(n.text)
	}
	for _, li := range lis {
		for _, a := range li.attrs {
			if a.Name.Space == nsXML && a.Name.Local == "lang" && a.Value == "x-default" {
				return strings.TrimSpace(li.text)
			}
		}
	}
	return strings.TrimSpace(lis[0].text)
}

// get returns the value of the top-level property ns:local.
func get(props []property, ns, local string) (string, bool) {
	for _, p := range props {
		if p.name.Space == ns && p.name.Local == local {
			return p.value, true
		}
	}
	return "", false
}

// declared returns the properties declared in the packet's PDF/A extension
// schemas: namespace URI → property names.
func (n *node) declared() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	n.walk(func(c *node) {
		// One schema is an element (usually rdf:li) holding a
		// pdfaSchema:namespaceURI; its properties are the
		// pdfaProperty:name elements under it.
		var uri string
		for _, k := range c.children {
			if k.name.Space == nsPDFASchema && k.name.Local == "namespaceURI" {
				uri = strings.TrimSpace(k.text)
			}
		}
		for _, a := range c.attrs {
			if a.Name.Space == nsPDFASchema && a.Name.Local == "namespaceURI" {
				uri = a.Value
			}
		}
		if uri == "" {
			return
		}
		names := out[uri]
		if names == nil {
			names = map[string]bool{}
			out[uri] = names
		}
		c.walk(func(p *node) {
			if p.name.Space == nsPDFAProp && p.name.Local == "name" {
				names[strings.TrimSpace(p.text)] = true
			}
			for _, a := range p.attrs {
				if a.Name.Space == nsPDFAProp && a.Name.Local == "name" {
					names[a.Value] = true
				}
			}
		})
	})
	return out
}
