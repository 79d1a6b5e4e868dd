// Package batch generates the documents of many schools at once: the
// yearly run in which a municipal methodologist turns one typical plan, or
// last year's plan of every school, into this year's roadmaps.
//
// Each school's document is the base plus the school's registry data
// (organisation, director, approval requisites), optionally rolled over to
// a new academic year (package rollover), validated and rendered in every
// requested format by a pool of workers. One bad school never stops the
// run. Every file is written atomically; a school is finished when its
// state record (.kartograf/<id>.json) is written after its files, so a
// re-run skips finished schools whose input hash and template version are
// unchanged and completes an interrupted run without rewriting them.
// index.json, index.csv and index.xlsx list every school, file, SHA-256
// and template version (the CSV in the «;» dialect Russian Excel opens,
// with values that look like formulas neutralised); a shard i/n takes every n-th school so that n independent jobs
// can share one national run.
//
// With Job.Analysis, a run from last year's documents of the schools —
// which carry the monitoring marks — also makes the analysis of their
// implementation (package analysis): ИД-analysis.<format> per school and
// district-analysis.<format> for the district, under the same state,
// index and archive (see Analysis).
package batch
