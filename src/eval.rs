//! Scoring a build against gold files (stub).
