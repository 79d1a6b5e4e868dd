package service

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"kartograf/pkg/document"
)

//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the service description (OpenAPI 3.1) with the document
// schema — the same one the decoder enforces — as components.schemas.Document.
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
	schemas["Document"] = schema
	return json.MarshalIndent(spec, "", "  ")
}

func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", s.spec)
}
