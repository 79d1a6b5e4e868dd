package service

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the service description (OpenAPI 3.1) with the document
// schema — the same one the decoder enforces — as components.schemas.Document
// and its definitions as components.schemas.Document_<name> (see
// hoistDocumentSchema).
func OpenAPI() ([]byte, error) {
	var spec map[string]any
	if err := json.Unmarshal(openapiJSON, &spec); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	var schema map[string]any
	if err := json.Unmarshal(document.SchemaJSON(), &schema); err != nil {
		return nil, fmt.Errorf("схема документа: %w", err)
	}
	comps, _ := spec["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	if schemas == nil {
		return nil, fmt.Errorf("openapi.json: нет components.schemas")
	}
	if err := hoistDocumentSchema(schemas, schema); err != nil {
		return nil, fmt.Errorf("схема документа в openapi.json: %w", err)
	}
	headLikeGet(spec)
	return json.MarshalIndent(spec, "", "  ")
}

// headLikeGet describes HEAD for every GET operation: the router answers
// HEAD wherever it answers GET, with the same status and headers.
func headLikeGet(spec map[string]any) {
	paths, _ := spec["paths"].(map[string]any)
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		get, ok := ops["get"].(map[string]any)
		if !ok {
			continue
		}
		head := map[string]any{
			"summary":     "То же, что GET, без тела ответа",
			"operationId": fmt.Sprint(get["operationId"]) + "Head",
		}
		for _, k := range []string{"tags", "parameters", "security"} {
			if v, ok := get[k]; ok {
				head[k] = v
			}
		}
		resps := map[string]any{}
		getResps, _ := get["responses"].(map[string]any)
		for code, r := range getResps {
			rm, _ := r.(map[string]any)
			hr := map[string]any{"description": rm["description"]}
			if h, ok := rm["headers"]; ok {
				hr["headers"] = h
			}
			resps[code] = hr
		}
		head["responses"] = resps
		ops["head"] = head
	}
}

func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", s.spec)
}
