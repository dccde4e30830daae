#![cfg(not(target_arch = "wasm32"))]
//! Training allocates nothing after the first iteration: every buffer lives
//! in the `Workspace`. A counting global allocator checks it.

mod core_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use backprop_lab::core::{preset, train_step, Network, StepOutcome, Workspace};
use core_support::two_eight_eight_one;

/// Counts allocations per thread, so that tests running in parallel do not
/// see each other's allocations.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: forwards the caller's layout unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was returned by `System.alloc` for this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: `ptr` was returned by `System.alloc` for this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Returns the allocations made by `iterations` training steps after a
/// first, warm-up step.
fn allocations_after_first(network: &mut Network, iterations: usize) -> usize {
    let mut workspace = Workspace::for_network(network);
    train_step(network, &mut workspace);

    let before = allocations();
    for _ in 0..iterations {
        let outcome = train_step(network, &mut workspace);
        assert!(
            matches!(outcome, StepOutcome::Updated { .. }),
            "{outcome:?}"
        );
    }
    allocations() - before
}

#[test]
fn counter_sees_allocations() {
    let before = allocations();
    let buffer = std::hint::black_box(vec![1.0_f64; 16]);
    assert_eq!(allocations() - before, 1);
    drop(buffer);
}

#[test]
fn default_lesson_steps_allocate_nothing() {
    let mut network = preset("2-3-1").unwrap();
    assert_eq!(allocations_after_first(&mut network, 50), 0);
}

#[test]
fn full_batch_steps_allocate_nothing() {
    let mut network = two_eight_eight_one(500, None);
    assert_eq!(allocations_after_first(&mut network, 5), 0);
}

#[test]
fn mini_batch_steps_allocate_nothing() {
    // 60 samples in batches of 8: 30 steps cross several epochs, each of
    // which reshuffles the order and ends with a short batch.
    let mut network = two_eight_eight_one(60, Some(8));
    assert_eq!(allocations_after_first(&mut network, 30), 0);
}
