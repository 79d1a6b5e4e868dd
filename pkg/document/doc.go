// Package document holds Kartograf's data model: a roadmap or analysis
// document as metadata plus ordered body blocks, its JSON contract (with a
// published JSON Schema), strict decoding and validation that reports every
// problem at once with a JSON path and a Russian message.
//
// Decoding is stricter than encoding/json: duplicate keys, bidi controls and
// zero-width characters are problems, and DecodeAll reads what it can of a
// document that breaks the contract so that its semantic problems are
// reported together with the structural ones, in document order.
//
// The JSON form is the public contract used by the CLI and the HTTP service;
// see schema.json in this directory. Data flows one way:
// JSON → Document (validated) → template → renderer.
package document
