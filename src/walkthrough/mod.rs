//! The tutorial's steps as a state machine over the core.
