//! A deterministic force-directed layout (Fruchterman–Reingold with grid
//! repulsion) for the HTML view and the GEXF positions.
//!
//! Repulsion only acts within two ideal edge lengths, looked up through a
//! grid of that cell size, so an iteration costs O(n + m) and thousands of
//! nodes lay out in well under a second (release). A weak pull to the
//! centre keeps separate components and isolated nodes in view. Start
//! positions are a spiral by degree, so no random seed is involved and the
//! same graph always gives the same coordinates.

use crate::graph::KnowledgeGraph;
use std::collections::{BTreeMap, HashMap};

/// Ideal edge length.
const K: f64 = 40.0;
/// Pull towards the centre, per unit of distance, times the node count.
/// Short-range repulsion can only hold back so much pressure: the pull on a
/// node at radius r adds up to about g·r²/2K over the nodes inside it, and
/// must stay near K for nodes to keep about K apart; with the cloud's r² ≈
/// K²·n/3 that gives g ≈ 6/n.
const GRAVITY: f64 = 4.0;
/// At most this many nodes of a grid cell push a node in one iteration.
const MAX_CELLMATES: usize = 48;

/// Positions of `g.nodes()`, in that order, rounded to 0.1.
pub fn layout(g: &KnowledgeGraph) -> Vec<(f64, f64)> {
    let index: BTreeMap<&str, usize> = g
        .nodes()
        .enumerate()
        .map(|(i, n)| (n.entity.key.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize)> = g
        .edges()
        .map(|e| {
            (
                index[e.subject.entity.key.as_str()],
                index[e.object.entity.key.as_str()],
            )
        })
        .filter(|(a, b)| a != b)
        .collect();
    let degree = degrees(index.len(), &edges);
    // A hub's edges pull less, or its hundreds of neighbours would be
    // crushed into one spot around it.
    let pulls: Vec<f64> = edges
        .iter()
        .map(|&(a, b)| 1.0 / (degree[a].max(degree[b]) as f64).sqrt())
        .collect();
    let mut pos = spiral(&degree);
    let iterations = iterations(index.len());
    let gravity = (GRAVITY / index.len().max(1) as f64).min(0.05);
    for step in 0..iterations {
        let t = K * 4.0 * (1.0 - step as f64 / iterations as f64) + K * 0.05;
        iterate(&mut pos, &edges, &pulls, t, gravity);
    }
    pos.into_iter().map(|(x, y)| (round(x), round(y))).collect()
}

/// Fewer iterations for big graphs: the grid keeps each one linear, this
/// keeps the total bounded.
fn iterations(n: usize) -> usize {
    (1_000_000 / n.max(1)).clamp(50, 300)
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn degrees(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut degree = vec![0usize; n];
    for &(a, b) in edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    degree
}

/// Start positions on a sunflower spiral, best connected nodes innermost.
fn spiral(degree: &[usize]) -> Vec<(f64, f64)> {
    let n = degree.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(degree[i]), i));
    let mut pos = vec![(0.0, 0.0); n];
    for (rank, &i) in order.iter().enumerate() {
        let r = K * 0.8 * (rank as f64 + 0.5).sqrt();
        let a = rank as f64 * 2.399_963_229_728_653;
        pos[i] = (r * a.cos(), r * a.sin());
    }
    pos
}

fn iterate(pos: &mut [(f64, f64)], edges: &[(usize, usize)], pulls: &[f64], t: f64, gravity: f64) {
    let n = pos.len();
    let mut disp = vec![(0.0f64, 0.0f64); n];
    let cell = 2.0 * K;
    let key = |p: (f64, f64)| ((p.0 / cell).floor() as i64, (p.1 / cell).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, &p) in pos.iter().enumerate() {
        grid.entry(key(p)).or_default().push(i);
    }
    for i in 0..n {
        let (cx, cy) = key(pos[i]);
        for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(cellmates) = grid.get(&(cx + dx, cy + dy)) else {
                    continue;
                };
                // A crowded cell is sampled, not scanned: it bounds the cost
                // of an iteration whatever the density.
                for &j in cellmates.iter().take(MAX_CELLMATES) {
                    if j != i {
                        let f = repulsion(pos[i], pos[j], i, j);
                        disp[i].0 += f.0;
                        disp[i].1 += f.1;
                    }
                }
            }
        }
    }
    for (&(a, b), &pull) in edges.iter().zip(pulls) {
        let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
        let d = (dx * dx + dy * dy).sqrt().max(0.01);
        let f = d / K * pull;
        disp[a].0 -= dx * f;
        disp[a].1 -= dy * f;
        disp[b].0 += dx * f;
        disp[b].1 += dy * f;
    }
    for (p, d) in pos.iter_mut().zip(disp) {
        let (dx, dy) = (d.0 - p.0 * gravity, d.1 - p.1 * gravity);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 0.0 {
            let step = len.min(t) / len;
            p.0 += dx * step;
            p.1 += dy * step;
        }
    }
}

/// The push of `q` on `p` within two ideal lengths; coincident nodes are
/// split along a direction fixed by their indices.
fn repulsion(p: (f64, f64), q: (f64, f64), i: usize, j: usize) -> (f64, f64) {
    let (mut dx, mut dy) = (p.0 - q.0, p.1 - q.1);
    let mut d2 = dx * dx + dy * dy;
    if d2 < 1e-6 {
        let a = (i * 7 + j * 13) as f64;
        (dx, dy) = (a.cos() * 0.1, a.sin() * 0.1);
        d2 = 0.01;
    }
    if d2 > 4.0 * K * K {
        return (0.0, 0.0);
    }
    // k²/d along the unit vector: k² · (dx, dy) / d².
    (dx * K * K / d2, dy * K * K / d2)
}
