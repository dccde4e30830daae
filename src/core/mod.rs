//! The maths core: networks, forward and backward passes, gradient descent.
//! Pure Rust, with no wasm or DOM types.
//!
//! Glossary, matching the notation on screen (indices 1-based on screen,
//! 0-based in code):
//! - layer 0 is the input layer, a_j^(0) = x_j; layers 1..=L have weights;
//! - w_{j,k}^(l): the weight from unit j of layer l-1 to unit k of layer l;
//! - b_k^(l): the bias of unit k of layer l;
//! - z_k^(l) = sum_j w_{j,k}^(l) a_j^(l-1) + b_k^(l), the pre-activation;
//! - a_k^(l) = f^(l)(z_k^(l)), the activation;
//! - `dl_da` = dL/da, `da_dz` = da/dz, `delta` = dL/dz, `dl_dw` = dL/dw,
//!   `dl_db` = dL/db.

pub mod activation;
pub mod backward;
pub mod document;
pub mod forward;
pub mod gradcheck;
pub mod gradient;
pub mod init;
pub mod loss;
pub mod matrix;
pub mod network;
pub mod presets;
pub mod rng;
pub mod train;

pub use activation::Activation;
pub use backward::{backward, backward_into, BackwardTrace};
pub use document::{Document, DocumentError, LayerDocument, SampleDocument};
pub use forward::{forward, forward_into, ForwardTrace};
pub use gradcheck::{check_gradient, GradientCheck, Parameter, ParameterCheck};
pub use gradient::{Gradient, LayerGradient};
pub use init::draw_parameters;
pub use loss::Loss;
pub use matrix::Matrix;
pub use network::{Initialiser, Layer, Network, Sample};
pub use presets::{preset, PRESET_NAMES};
pub use train::{batch_samples, mean_loss, train_step, StepOutcome, Workspace};
