//! Runs the stages over a folder of articles (stub).
