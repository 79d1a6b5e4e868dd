// Package jobs runs long tasks in the background and keeps their result
// files for a while: a bounded queue, a fixed number of workers, progress
// that any request can read, and a janitor that deletes finished jobs and
// their files once their time is up.
//
// A job is made in the prepared state (held until Start, so that a person
// can read a report before it runs) or submitted at once. Its id — 128
// random bits in hex — is the only way to see it, so whoever holds the id
// may read and delete the job: hand it only to the one who made it.
//
// The store is in memory: a restart forgets every job, and a configured
// Dir is cleared of job files left by an earlier process when New opens it.
// It knows nothing of what a task does; the service's batch of school
// documents is one such task.
package jobs
