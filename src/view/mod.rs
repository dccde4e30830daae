//! What the drawing shows: layout, colour scale and highlighting.
