package service

import (
	"fmt"
	"strings"
)

// The document schema (pkg/document/schema.json) is a standalone JSON Schema:
// it has an $id and refers to its definitions as "#/$defs/X". Embedded as is
// in components.schemas, those references are resolved by OpenAPI tools
// against the OpenAPI document's root, where there is no $defs: redocly,
// swagger-parser and openapi-typescript report them as unresolved. So the
// OpenAPI copy is flattened: every definition becomes a component of its own
// and every reference points at that component. schema.json itself stays
// as it is: it is published for users who validate documents with it.

const (
	defsRef      = "#/$defs/"
	componentRef = "#/components/schemas/"
	// documentComponent is the name of the document itself; its
	// definitions are documentComponent + "_" + name.
	documentComponent = "Document"
)

// componentName is the component a definition of the document schema
// becomes. rootDef is the definition the schema's root refers to: it is the
// document itself, so it takes the plain name.
func componentName(def, rootDef string) string {
	if def == rootDef {
		return documentComponent
	}
	return documentComponent + "_" + def
}

// hoistDocumentSchema adds the document schema to schemas: the root as
// "Document" and each $defs entry as "Document_<name>", with "#/$defs/X"
// rewritten to the component's reference and $id/$schema dropped (a
// component must not change the base URI its references resolve against).
// A root that is only a reference to one definition plus annotations (our
// case: {"$ref": "#/$defs/Document", "title", "description"}) is merged
// with that definition, so the document is one component, not a reference
// to "Document_Document". The result depends only on the input: maps are
// marshalled with sorted keys.
func hoistDocumentSchema(schemas, schema map[string]any) error {
	defs, _ := schema["$defs"].(map[string]any)
	rootDef := ""
	if ref, ok := schema["$ref"].(string); ok && strings.HasPrefix(ref, defsRef) && onlyAnnotations(schema) {
		rootDef = strings.TrimPrefix(ref, defsRef)
		if _, ok := defs[rootDef].(map[string]any); !ok {
			return fmt.Errorf("корень ссылается на %s, которого нет в $defs", ref)
		}
	}

	out := map[string]any{}
	for name, def := range defs {
		m, ok := def.(map[string]any)
		if !ok {
			return fmt.Errorf("$defs/%s: не объект", name)
		}
		out[componentName(name, rootDef)] = m
	}
	if rootDef != "" {
		merged := map[string]any{}
		for k, v := range out[documentComponent].(map[string]any) {
			merged[k] = v
		}
		for _, k := range []string{"title", "description"} {
			if v, ok := schema[k]; ok {
				if _, has := merged[k]; !has {
					merged[k] = v
				}
			}
		}
		out[documentComponent] = merged
	} else {
		root := map[string]any{}
		for k, v := range schema {
			root[k] = v
		}
		out[documentComponent] = root
	}

	for name, s := range out {
		// openapi.json holds a placeholder "Document" for its own
		// references; any other clash would silently replace a schema.
		if _, taken := schemas[name]; taken && name != documentComponent {
			return fmt.Errorf("components.schemas.%s уже есть в openapi.json", name)
		}
		rewritten, err := rewriteRefs(s, defs, rootDef)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		m := rewritten.(map[string]any)
		delete(m, "$id")
		delete(m, "$schema")
		delete(m, "$defs")
		schemas[name] = m
	}
	return nil
}

// onlyAnnotations reports whether the root schema has nothing but $ref,
// annotations and the keywords the hoisting removes: merging it with the
// referenced definition then changes no meaning.
func onlyAnnotations(schema map[string]any) bool {
	for k := range schema {
		switch k {
		case "$ref", "$defs", "$id", "$schema", "title", "description":
		default:
			return false
		}
	}
	return true
}

// rewriteRefs returns a deep copy of v with every "#/$defs/X" reference
// pointing at X's component. A reference of any other form would resolve
// differently once the schema is inside the OpenAPI document, so it is an
// error rather than something served broken.
func rewriteRefs(v any, defs map[string]any, rootDef string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if k == "$ref" {
				ref, _ := x.(string)
				name, ok := strings.CutPrefix(ref, defsRef)
				if _, known := defs[name]; !ok || !known || strings.Contains(name, "/") {
					return nil, fmt.Errorf("ссылка %q не на определение из $defs", ref)
				}
				out[k] = componentRef + componentName(name, rootDef)
				continue
			}
			y, err := rewriteRefs(x, defs, rootDef)
			if err != nil {
				return nil, err
			}
			out[k] = y
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			y, err := rewriteRefs(x, defs, rootDef)
			if err != nil {
				return nil, err
			}
			out[i] = y
		}
		return out, nil
	default:
		return v, nil
	}
}
