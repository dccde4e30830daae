//! The loss chart's data: the points, the axis ranges and the marked point.

/// The loss chart's content. Iterations are numbered from 1 on the x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartModel {
    /// (iteration, loss before its update), oldest first.
    pub points: Vec<(f64, f64)>,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub log_scale: bool,
    /// The point of the latest iteration, drawn larger.
    pub current: Option<(f64, f64)>,
    /// The labelled losses of a log axis: powers of ten, every one or every
    /// few decades, with 2 and 5 times them when the axis spans one decade.
    /// Empty on a linear axis, whose labels the chart library picks.
    pub y_ticks: Vec<f64>,
}

/// The maximum number of labels on a log axis.
const MAX_LOG_TICKS: usize = 6;

/// The minimum number of iterations the x axis spans, so that the first
/// points do not fill the whole width.
const MIN_X_SPAN: f64 = 10.0;

/// Builds the chart of `history` (the loss before each update). On a log
/// scale a loss of 0 cannot be drawn, so such points are left out. Losses
/// are never negative.
pub fn chart_model(history: &[f64], log_scale: bool) -> ChartModel {
    let points: Vec<(f64, f64)> = history
        .iter()
        .enumerate()
        .filter(|(_, loss)| loss.is_finite() && (!log_scale || **loss > 0.0))
        .map(|(i, loss)| ((i + 1) as f64, *loss))
        .collect();
    let x_range = (1.0, (history.len() as f64).max(MIN_X_SPAN));
    let y_range = y_range(&points, log_scale);
    let y_ticks = if log_scale {
        log_ticks(y_range)
    } else {
        Vec::new()
    };
    ChartModel {
        current: points.last().copied(),
        y_ticks,
        points,
        x_range,
        y_range,
        log_scale,
    }
}

fn y_range(points: &[(f64, f64)], log_scale: bool) -> (f64, f64) {
    let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if points.is_empty() {
        return if log_scale { (0.01, 1.0) } else { (0.0, 1.0) };
    }
    if log_scale {
        // A 30 % margin on either side, and a span of at least a factor of
        // 10, so that a flat history still shows a readable axis. The
        // margin stays inside the finite range when a diverging run's loss
        // approaches the largest f64.
        let (low, high) = (
            (low / 1.3).max(f64::MIN_POSITIVE),
            (high * 1.3).min(f64::MAX),
        );
        if high / low < 10.0 {
            let middle = (low * high).sqrt();
            (middle / 10f64.sqrt(), middle * 10f64.sqrt())
        } else {
            (low, high)
        }
    } else {
        let high = if high > 0.0 { high * 1.08 } else { 1.0 };
        (0.0, high)
    }
}

/// Picks the labels of a log axis over `(low, high)`, both positive.
fn log_ticks((low, high): (f64, f64)) -> Vec<f64> {
    let first = low.log10().ceil() as i32;
    let last = high.log10().floor() as i32;
    let decades = (last - first).max(0) as usize;
    let every = decades.div_ceil(MAX_LOG_TICKS - 1).max(1);
    let mut ticks: Vec<f64> = (first..=last)
        .step_by(every)
        .map(|e| 10f64.powi(e))
        .filter(|t| t.is_finite() && *t > 0.0)
        .collect();
    if ticks.len() < 3 {
        for e in first - 1..=last {
            for m in [2.0, 5.0] {
                let tick = m * 10f64.powi(e);
                if tick >= low && tick <= high {
                    ticks.push(tick);
                }
            }
        }
        ticks.sort_by(f64::total_cmp);
    }
    ticks
}
