//! Figures for the offline map (run by scripts/bench.sh; `--release` for shipped speed):
//! tile reads from the shipped PMTiles pack (µs per tile) and static preview renders (ms).

#[path = "../../examples/common/report.rs"]
mod report;

use std::path::Path;
use std::time::Instant;

use eptsp_map::LatLng;
use eptsp_map::preview::{Shape, render};
use eptsp_map::tiles::{Sources, TILE, TileId, TilePack, TileSource, project};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kaltim.pmtiles");
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    println!("map benchmark ({profile} profile), pack {}", path.display());

    let t = Instant::now();
    let pack = TilePack::open(&path).await.unwrap();
    println!("open pack: {:.2} ms", t.elapsed().as_secs_f64() * 1e3);

    // Every tile of zoom 12 around Samarinda and Balikpapan, read 5 times over.
    let mut ids = Vec::new();
    for at in [LatLng::new(-0.5, 117.15), LatLng::new(-1.25, 116.85)] {
        let (x, y) = project(at, 12.0);
        let (x, y) = ((x / TILE) as u32, (y / TILE) as u32);
        for dx in 0..20 {
            for dy in 0..20 {
                ids.push(TileId::new(12, x + dx - 10, y + dy - 10));
            }
        }
    }
    let mut runs = Vec::new();
    let (mut bytes, mut found) = (0usize, 0usize);
    for _ in 0..5 {
        let t = Instant::now();
        for id in &ids {
            if let Some(b) = pack.tile(*id).await {
                bytes += b.len();
                found += 1;
            }
        }
        runs.push(t.elapsed().as_secs_f64() * 1e6 / ids.len() as f64);
    }
    println!(
        "tile read: first pass {:.1} µs per tile (directories read), then {:.2} µs (median of 5 passes over {} tiles; {} found, {:.1} KB each)",
        runs[0],
        median(runs.clone()),
        ids.len(),
        found / 5,
        bytes as f64 / found.max(1) as f64 / 1024.0
    );
    report::row(
        "map tile read from the shipped pack, after the first pass",
        "µs per tile",
        &runs[1..],
        None,
        "—",
    );

    let (source, _) = TileSource::open(&Sources {
        packs: vec![path.clone()],
        xyz: None,
    })
    .await;
    let at = LatLng::new(-0.502106, 117.153709);
    let d = 0.004;
    let polygon = vec![
        LatLng::new(at.lat + d, at.lng - d),
        LatLng::new(at.lat + d, at.lng + d),
        LatLng::new(at.lat - d, at.lng + d),
        LatLng::new(at.lat - d, at.lng - d),
    ];
    for (name, shape) in [
        ("point", Shape::Point { at }),
        ("polygon", Shape::Polygon { vertices: polygon }),
    ] {
        let mut runs = Vec::new();
        let mut size = 0;
        for _ in 0..15 {
            let t = Instant::now();
            let p = render(&source, &shape, 640, 360).await;
            runs.push(t.elapsed().as_secs_f64() * 1e3);
            size = p.png.len();
        }
        println!(
            "preview render ({name}, 640×360, PNG {:.0} KB): {:.1} ms (median of 15)",
            size as f64 / 1024.0,
            median(runs.clone())
        );
        report::row(
            &format!("map preview render ({name}, 640×360)"),
            "ms",
            &runs,
            None,
            "—",
        );
    }
}
