//! A dense row-major matrix of f64, the storage of one layer's weights.

/// `rows` x `cols` values; in a layer, row j is input unit j of layer l-1 and
/// column k is unit k of layer l, so `get(j, k)` is w_{j+1,k+1}^(l).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    /// Builds a matrix from rows of equal length; the caller checks the shape.
    pub fn from_rows(rows: &[Vec<f64>]) -> Matrix {
        let cols = rows.first().map_or(0, Vec::len);
        let data: Vec<f64> = rows.iter().flatten().copied().collect();
        debug_assert_eq!(data.len(), rows.len() * cols);
        Matrix {
            rows: rows.len(),
            cols,
            data,
        }
    }

    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.data
            .chunks(self.cols.max(1))
            .take(self.rows)
            .map(<[f64]>::to_vec)
            .collect()
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn get(&self, j: usize, k: usize) -> f64 {
        self.data[j * self.cols + k]
    }

    pub fn set(&mut self, j: usize, k: usize, value: f64) {
        self.data[j * self.cols + k] = value;
    }

    /// Row j: the weights leaving unit j of the previous layer.
    pub fn row(&self, j: usize) -> &[f64] {
        &self.data[j * self.cols..(j + 1) * self.cols]
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.data
    }

    pub fn fill(&mut self, value: f64) {
        self.data.fill(value);
    }
}
