//! Seeded initialisation of the weights and biases.
