package document

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed schema.json
var schemaJSON []byte

// SchemaJSON returns the JSON Schema (draft 2020-12) of the document
// contract, the same file as pkg/document/schema.json.
func SchemaJSON() []byte { return append([]byte(nil), schemaJSON...) }

// schemaNode is the subset of JSON Schema the contract uses. The validator
// below understands exactly these keywords, so that structural problems are
// reported with paths and Russian messages, all at once.
type schemaNode struct {
	Ref                  string                 `json:"$ref"`
	Type                 string                 `json:"type"`
	Enum                 []any                  `json:"enum"`
	Properties           map[string]*schemaNode `json:"properties"`
	Required             []string               `json:"required"`
	AdditionalProperties json.RawMessage        `json:"additionalProperties"`
	Items                *schemaNode            `json:"items"`
	AnyOf                []*schemaNode          `json:"anyOf"`
	MinItems             *int                   `json:"minItems"`
	MinLength            *int                   `json:"minLength"`
	MinProperties        *int                   `json:"minProperties"`
	MaxProperties        *int                   `json:"maxProperties"`
	Minimum              *float64               `json:"minimum"`
	Maximum              *float64               `json:"maximum"`
	Pattern              string                 `json:"pattern"`
	Defs                 map[string]*schemaNode `json:"$defs"`
	// If, Then, Else and Const serve one rule: "organization" is required
	// unless "letterhead" is false. If is matched by its required fields
	// and their const values only; Then and Else add required fields.
	If    *schemaNode `json:"if"`
	Then  *schemaNode `json:"then"`
	Else  *schemaNode `json:"else"`
	Const any         `json:"const"`

	pattern    *regexp.Regexp
	additional *schemaNode // nil: forbidden when closed is true
	closed     bool
}

type schema struct {
	root *schemaNode
	defs map[string]*schemaNode
}

// compiledSchema is parsed once; the schema is embedded and immutable.
var compiledSchema = sync.OnceValues(func() (*schema, error) {
	var root schemaNode
	if err := json.Unmarshal(schemaJSON, &root); err != nil {
		return nil, fmt.Errorf("schema.json: %w", err)
	}
	s := &schema{root: &root, defs: root.Defs}
	var prep func(n *schemaNode) error
	prep = func(n *schemaNode) error {
		if n == nil {
			return nil
		}
		if n.Pattern != "" {
			re, err := regexp.Compile(n.Pattern)
			if err != nil {
				return err
			}
			n.pattern = re
		}
		if len(n.AdditionalProperties) > 0 {
			switch string(n.AdditionalProperties) {
			case "false":
				n.closed = true
			case "true":
			default:
				n.additional = new(schemaNode)
				if err := json.Unmarshal(n.AdditionalProperties, n.additional); err != nil {
					return err
				}
				if err := prep(n.additional); err != nil {
					return err
				}
			}
		}
		for _, c := range n.Properties {
			if err := prep(c); err != nil {
				return err
			}
		}
		for _, c := range n.AnyOf {
			if err := prep(c); err != nil {
				return err
			}
		}
		return prep(n.Items)
	}
	if err := prep(&root); err != nil {
		return nil, err
	}
	for _, d := range root.Defs {
		if err := prep(d); err != nil {
			return nil, err
		}
	}
	return s, nil
})

// conditionalRequired is the fields n's then (when x matches n's if) or
// else (when it does not) require, followed by required.
func conditionalRequired(n *schemaNode, x map[string]any, required []string) []string {
	if n.If == nil {
		return required
	}
	match := true
	for _, r := range n.If.Required {
		v, ok := x[r]
		if !ok {
			match = false
			break
		}
		if p := n.If.Properties[r]; p != nil && p.Const != nil && v != p.Const {
			match = false
			break
		}
	}
	branch := n.Else
	if match {
		branch = n.Then
	}
	if branch == nil {
		return required
	}
	// The conditional fields come first: the one there is, "organization",
	// was the first after "kind" before it became conditional, and
	// problems about absent fields keep this order.
	return append(slices.Clip(branch.Required), required...)
}

func (s *schema) resolve(n *schemaNode) *schemaNode {
	for n != nil && n.Ref != "" {
		n = s.defs[strings.TrimPrefix(n.Ref, "#/$defs/")]
	}
	return n
}

// check is one schema pass over a decoded tree. It collects problems and
// repairs the tree as it goes, so that what remains can still be read into
// the model and checked semantically: a value of the wrong type becomes the
// zero value of the right type, an unknown field is removed. The paths of
// such repairs (and of missing required fields) are in pruned: semantic
// findings at or below them are consequences, not news.
type check struct {
	s        *schema
	problems []Problem
	pruned   []string
}

func (c *check) add(path, msg string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Message: fmt.Sprintf(msg, args...)})
}

// validate checks v (numbers as json.Number) and returns the value to keep
// in its place: v itself or a zero value that the model can hold.
func (c *check) validate(n *schemaNode, v any, path string) any {
	n = c.s.resolve(n)
	if n == nil {
		return v
	}
	if len(n.AnyOf) > 0 {
		return c.validateAnyOf(n, v, path)
	}
	if n.Type != "" && !typeMatches(n.Type, v) {
		c.add(path, "ожидается %s, получено %s", typeName(n.Type), valueTypeName(v))
		c.pruned = append(c.pruned, path)
		return zeroOf(n.Type)
	}
	if n.Enum != nil {
		ok := false
		for _, e := range n.Enum {
			// A string against a string needs no formatting: the common
			// case (statuses, alignments) of every measure and block.
			if es, isStr := e.(string); isStr {
				if vs, isStr := v.(string); isStr {
					if es == vs {
						ok = true
						break
					}
					continue
				}
			}
			if fmt.Sprint(e) == fmt.Sprint(v) {
				ok = true
			}
		}
		if !ok {
			allowed := make([]string, 0, len(n.Enum))
			for _, e := range n.Enum {
				if fmt.Sprint(e) != "" {
					allowed = append(allowed, fmt.Sprint(e))
				}
			}
			c.add(path, "недопустимое значение «%v»; допустимо: %s", v, strings.Join(allowed, ", "))
			if _, ok := v.(string); ok {
				return v // the model holds any string; semantic checks name it too
			}
			c.pruned = append(c.pruned, path)
			return ""
		}
	}
	switch x := v.(type) {
	case string:
		if n.MinLength != nil && utf8.RuneCountInString(x) < *n.MinLength {
			c.add(path, "не может быть пустым")
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			c.add(path, "значение «%s» не соответствует шаблону %s", x, n.Pattern)
		}
	case json.Number:
		f, err := x.Float64()
		if err != nil || math.IsInf(f, 0) {
			// encoding/json refuses to put 1e999 into a float64.
			c.add(path, "число %s вне допустимого диапазона", x)
			c.pruned = append(c.pruned, path)
			return json.Number("0")
		}
		if n.Minimum != nil && f < *n.Minimum {
			c.add(path, "должно быть не меньше %v", *n.Minimum)
		}
		if n.Maximum != nil && f > *n.Maximum {
			c.add(path, "должно быть не больше %v", *n.Maximum)
		}
	case []any:
		if n.MinItems != nil && len(x) < *n.MinItems {
			if *n.MinItems == 1 {
				c.add(path, "не может быть пустым")
			} else {
				c.add(path, "должно содержать не меньше %d элементов", *n.MinItems)
			}
		}
		for i, e := range x {
			// A value is replaced only with a problem about it (pruned
			// grows): otherwise it stays in place without a store.
			np := len(c.pruned)
			if r := c.validate(n.Items, e, path+"["+strconv.Itoa(i)+"]"); len(c.pruned) != np {
				x[i] = r
			}
		}
	case map[string]any:
		c.validateObject(n, x, path)
	}
	return v
}

func (c *check) validateObject(n *schemaNode, x map[string]any, path string) {
	var small [16]string // a measure's or a block's keys, without an allocation
	keys := small[:0]
	if len(x) > len(small) {
		keys = make([]string, 0, len(x))
	}
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if (n.MinProperties != nil && len(x) < *n.MinProperties) || (n.MaxProperties != nil && len(x) > *n.MaxProperties) {
		if n.MinProperties != nil && n.MaxProperties != nil && *n.MinProperties == 1 && *n.MaxProperties == 1 {
			names := make([]string, 0, len(n.Properties))
			for k := range n.Properties {
				names = append(names, k)
			}
			sort.Strings(names)
			c.add(path, "должно быть ровно одно из полей %s, задано: %d", strings.Join(names, ", "), len(x))
		} else {
			c.add(path, "недопустимое число полей: %d", len(x))
		}
	}
	for _, r := range conditionalRequired(n, x, n.Required) {
		if _, ok := x[r]; !ok {
			c.add(join(path, r), "обязательное поле отсутствует")
			c.pruned = append(c.pruned, join(path, r))
		}
	}
	for _, k := range keys {
		child, ok := n.Properties[k]
		switch {
		case ok:
		case n.additional != nil:
			child = n.additional
		case n.closed:
			c.add(join(path, k), "неизвестное поле")
			c.pruned = append(c.pruned, join(path, k))
			delete(x, k)
			continue
		default:
			continue
		}
		np := len(c.pruned)
		if r := c.validate(child, x[k], join(path, k)); len(c.pruned) != np {
			x[k] = r
		}
	}
}

// validateAnyOf reports the errors of the branch whose type fits the value,
// so that a mistake deep inside a list item is reported there.
func (c *check) validateAnyOf(n *schemaNode, v any, path string) any {
	var names []string
	for _, b := range n.AnyOf {
		b = c.s.resolve(b)
		if b.Type == "" || typeMatches(b.Type, v) {
			return c.validate(b, v, path)
		}
		names = append(names, typeName(b.Type))
	}
	c.add(path, "ожидается %s, получено %s", strings.Join(names, " или "), valueTypeName(v))
	c.pruned = append(c.pruned, path)
	return zeroOf(c.s.resolve(n.AnyOf[0]).Type)
}

// zeroOf is the value a repaired tree holds instead of a value of the wrong
// type: it decodes into the model as that field's zero value.
func zeroOf(t string) any {
	switch t {
	case "object":
		return map[string]any{}
	case "array":
		return []any{}
	case "number", "integer":
		return json.Number("0")
	case "boolean":
		return false
	case "null":
		return nil
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func typeMatches(t string, v any) bool {
	switch x := v.(type) {
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case json.Number:
		if t == "number" {
			return true
		}
		if t == "integer" {
			_, err := strconv.ParseInt(x.String(), 10, 64)
			return err == nil
		}
		return false
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	case nil:
		return t == "null"
	}
	return false
}

func typeName(t string) string {
	switch t {
	case "string":
		return "строка"
	case "boolean":
		return "логическое значение (true/false)"
	case "number":
		return "число"
	case "integer":
		return "целое число"
	case "array":
		return "массив"
	case "object":
		return "объект"
	case "null":
		return "null"
	}
	return t
}

func valueTypeName(v any) string {
	switch x := v.(type) {
	case string:
		return "строка"
	case bool:
		return "логическое значение"
	case json.Number:
		if _, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
			return "целое число"
		}
		return "число"
	case []any:
		return "массив"
	case map[string]any:
		return "объект"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
