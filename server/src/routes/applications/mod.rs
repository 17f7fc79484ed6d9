//! Submitting an application. The client's id is the idempotency key: the same
//! submission sent again (after a timeout, a crash) returns the same resi and never makes a
//! second application. Every step is checked again here with eptsp-core's rules, against
//! the server's catalogue and the files it holds.

mod changes;
mod permits;
mod revision;
mod submit;
mod view;

pub use changes::changes;
pub use eptsp_core::submission::ChangesQuery;
pub use permits::{permit_state, permits};
pub use revision::revise;
pub use submit::submit;
pub use view::get_own;

pub const STATUS_DIAJUKAN: &str = "diajukan";
