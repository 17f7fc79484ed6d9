//! The picker window.
