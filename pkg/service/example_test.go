package service_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/service"
)

// Mount the service in a Go program and render a document over HTTP.
func Example() {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := service.New(service.Config{Engine: eng})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(srv.Handler()) // or srv.ListenAndServe(ctx, "127.0.0.1:8080")
	defer ts.Close()

	doc := `{"kind": "roadmap", "organization": {"full_name": "МКОУ «СОШ №2»", "short_name": "МКОУ СОШ №2"},
	  "title": "ДОРОЖНАЯ КАРТА", "period": {"academic_year": "2024-2025"},
	  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [
	    {"title": "Создание рабочей группы", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}]}]}}]}`
	resp, err := http.Post(ts.URL+"/v1/render?format=pdf", "application/json", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(resp.Header.Get(service.HeaderTemplate))
	fmt.Println(resp.Header.Get("Content-Disposition"))
	// Output:
	// 200 application/pdf
	// school-roadmap@1.1.0
	// attachment; filename="Dorozhnaia karta - MKOU SOSh N2 - 2024-2025.pdf"; filename*=UTF-8''%D0%94%D0%BE%D1%80%D0%BE%D0%B6%D0%BD%D0%B0%D1%8F%20%D0%BA%D0%B0%D1%80%D1%82%D0%B0%20%E2%80%94%20%D0%9C%D0%9A%D0%9E%D0%A3%20%D0%A1%D0%9E%D0%A8%20%E2%84%962%20%E2%80%94%202024-2025.pdf
}

// Errors are problem+json with a Russian detail and the paths of the
// problems.
func Example_problem() {
	eng, _ := kartograf.New(kartograf.Options{})
	srv, _ := service.New(service.Config{Engine: eng})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/v1/render", "application/json", strings.NewReader(`{"kind": "roadmap", "title": 7}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var p struct {
		Type, Detail string
		Errors       []struct{ Path, Message string }
	}
	if err := jsonDecode(resp, &p); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(p.Type)
	fmt.Println(p.Detail)
	for _, e := range p.Errors {
		fmt.Println(e.Path+":", e.Message)
	}
	// Output:
	// 422 application/problem+json; charset=utf-8
	// urn:kartograf:problem:invalid-document
	// документ содержит ошибки (3)
	// organization: обязательное поле отсутствует
	// body: обязательное поле отсутствует
	// title: ожидается строка, получено целое число
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }
