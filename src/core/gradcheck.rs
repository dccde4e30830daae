//! The central finite-difference check of every partial derivative.
