//! Draws the offline base map of Kalimantan Timur into a PMTiles pack of PNG tiles, from the
//! atlas (`map/data/kaltim-atlas.json.gz`): land and sea, Kab/Kota and kecamatan boundaries,
//! neighbouring provinces, and the names of Kab/Kota, kecamatan and kelurahan/desa.
//!
//! `eptsp-map-build ATLAS.json.gz OUT.pmtiles` (run by `scripts/build-map.sh`).

#![deny(clippy::unwrap_used)] // Outside tests a failure is an error with a message, not a panic.

use std::fs::File;
use std::io::BufWriter;
use std::time::Instant;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use eptsp_map::atlas::{Area, Atlas};
use eptsp_map::coords::LatLng;
use eptsp_map::tiles::{TILE, TileId, project, unproject};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use pmtiles::{PmTilesWriter, TileCoord, TileType};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

const MIN_ZOOM: u8 = 5;

const MAX_ZOOM: u8 = 12;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

fn rgb(hex: u32) -> Color {
    Color::from_rgba8((hex >> 16) as u8, (hex >> 8) as u8, hex as u8, 255)
}

struct Label {
    text: String,
    /// Centre in world pixels at the zoom being drawn.
    x: f64,
    y: f64,
    bold: bool,
    size: f32,
    color: u32,
}

struct Style<'a> {
    regular: FontRef<'a>,
    bold: FontRef<'a>,
}

impl Style<'_> {
    fn font(&self, bold: bool) -> &FontRef<'_> {
        if bold { &self.bold } else { &self.regular }
    }

    fn text_width(&self, label: &Label) -> f32 {
        let font = self.font(label.bold).as_scaled(PxScale::from(label.size));
        label
            .text
            .chars()
            .map(|c| font.h_advance(font.glyph_id(c)))
            .sum()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, atlas_path, out_path] = args.as_slice() else {
        eprintln!("usage: eptsp-map-build ATLAS.json.gz OUT.pmtiles");
        std::process::exit(2);
    };
    let atlas =
        Atlas::parse(&std::fs::read(atlas_path).expect("read the atlas")).expect("parse the atlas");
    let style = Style {
        regular: FontRef::try_from_slice(REGULAR).expect("font"),
        bold: FontRef::try_from_slice(BOLD).expect("font"),
    };
    let (mut west, mut south, mut east, mut north) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for r in &atlas.regencies {
        west = west.min(r.bounds.min().x);
        south = south.min(r.bounds.min().y);
        east = east.max(r.bounds.max().x);
        north = north.max(r.bounds.max().y);
    }
    let (west, south, east, north) = (west - 0.3, south - 0.3, east + 0.3, north + 0.3);
    let metadata = serde_json::json!({
        "name": "Kalimantan Timur (peta dasar bawaan)",
        "attribution": "Batas wilayah: GADM 4.1; nama: idn-area-data (ODbL)",
        "description": format!("{}. {}. {}", atlas.source, atlas.licence, atlas.precision),
    });
    let file = BufWriter::new(File::create(out_path).expect("create the pack"));
    let mut writer = PmTilesWriter::new(TileType::Png)
        .min_zoom(MIN_ZOOM)
        .max_zoom(MAX_ZOOM)
        .bounds(west, south, east, north)
        .center(117.15, -0.5)
        .center_zoom(8)
        .metadata(&metadata.to_string())
        .create(file)
        .expect("start the pack");
    let started = Instant::now();
    let mut count = 0usize;
    for z in MIN_ZOOM..=MAX_ZOOM {
        let labels = place_labels(&atlas, &style, z);
        let (x0, y0) = project(LatLng::new(north, west), z as f64);
        let (x1, y1) = project(LatLng::new(south, east), z as f64);
        let mut ids: Vec<TileId> = Vec::new();
        for x in (x0 / TILE) as u32..=(x1 / TILE) as u32 {
            for y in (y0 / TILE) as u32..=(y1 / TILE) as u32 {
                ids.push(TileId::new(z, x, y));
            }
        }
        // PMTiles reads best when tiles are written in tile-id (Hilbert) order.
        ids.sort_by_key(|id| {
            pmtiles::TileId::from(TileCoord::new(id.z, id.x, id.y).expect("tile")).value()
        });
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let chunk = ids.len().div_ceil(workers);
        let rendered: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ids
                .chunks(chunk.max(1))
                .map(|part| {
                    let (atlas, style, labels) = (&atlas, &style, &labels);
                    scope.spawn(move || {
                        part.iter()
                            .map(|id| draw_tile(atlas, style, labels, *id))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("worker"))
                .collect()
        });
        for (id, png) in ids.iter().zip(rendered) {
            writer
                .add_tile(TileCoord::new(id.z, id.x, id.y).expect("tile"), &png)
                .expect("write a tile");
        }
        count += ids.len();
        eprintln!("zoom {z}: {} tiles, {} labels", ids.len(), labels.len());
    }
    writer.finalize().expect("finish the pack");
    let size = std::fs::metadata(out_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{count} tiles (zoom {MIN_ZOOM}-{MAX_ZOOM}) in {:.1} s, {:.1} MB: {out_path}",
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
}

/// Chooses the labels drawn at zoom `z`, most important first, none overlapping another.
fn place_labels(atlas: &Atlas, style: &Style, z: u8) -> Vec<Label> {
    let zoom = z as f64;
    let mut candidates: Vec<Label> = Vec::new();
    let mut add = |text: &str, at: LatLng, bold: bool, size: f32, color: u32| {
        let (x, y) = project(at, zoom);
        candidates.push(Label {
            text: text.to_string(),
            x,
            y,
            bold,
            size,
            color,
        });
    };
    if z <= 8 {
        for p in &atlas.provinces {
            add(&p.name, p.inside, false, 12.0, 0x8a8580);
        }
    }
    if (7..=11).contains(&z) {
        for r in &atlas.regencies {
            add(
                &r.name,
                r.inside,
                true,
                if z >= 9 { 14.0 } else { 12.0 },
                0x5b3e7a,
            );
        }
    }
    if z >= 10 {
        for d in &atlas.districts {
            add(&format!("Kec. {}", d.name), d.inside, false, 12.0, 0x4a4a4a);
        }
    }
    if z >= 12 {
        for v in &atlas.villages {
            add(&v.name, v.at, false, 10.0, 0x6e6e6e);
        }
    }
    let mut placed: Vec<(Label, [f64; 4])> = Vec::new();
    for label in candidates {
        let w = style.text_width(&label) as f64;
        let h = label.size as f64;
        let b = [
            label.x - w / 2.0 - 4.0,
            label.y - h / 2.0 - 3.0,
            label.x + w / 2.0 + 4.0,
            label.y + h / 2.0 + 3.0,
        ];
        let overlaps = placed
            .iter()
            .any(|(_, o)| b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
        if !overlaps {
            placed.push((label, b));
        }
    }
    placed.into_iter().map(|(l, _)| l).collect()
}

fn draw_tile(atlas: &Atlas, style: &Style, labels: &[Label], id: TileId) -> Vec<u8> {
    let zoom = id.z as f64;
    let (ox, oy) = (id.x as f64 * TILE, id.y as f64 * TILE);
    let mut pixmap = Pixmap::new(TILE as u32, TILE as u32).expect("pixmap");
    pixmap.fill(rgb(0xaad3df));
    // The tile's ground extent, with a margin for strokes and labels.
    let nw = unproject(ox - 8.0, oy - 8.0, zoom);
    let se = unproject(ox + TILE + 8.0, oy + TILE + 8.0, zoom);
    let visible = |a: &Area| {
        a.bounds.max().x >= nw.lng
            && a.bounds.min().x <= se.lng
            && a.bounds.max().y >= se.lat
            && a.bounds.min().y <= nw.lat
    };
    let path_of = |a: &Area| {
        let mut pb = PathBuilder::new();
        for polygon in &a.shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for (i, c) in ring.0.iter().enumerate() {
                    let (x, y) = project(LatLng::new(c.y, c.x), zoom);
                    let (x, y) = ((x - ox) as f32, (y - oy) as f32);
                    if i == 0 {
                        pb.move_to(x, y)
                    } else {
                        pb.line_to(x, y)
                    }
                }
                pb.close();
            }
        }
        pb.finish()
    };
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    let line = |width: f32, dash: Option<(f32, f32)>| Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.and_then(|(on, off)| StrokeDash::new(vec![on, off], 0.0)),
        ..Stroke::default()
    };
    for p in atlas.provinces.iter().filter(|a| visible(a)) {
        if let Some(path) = path_of(p) {
            paint.set_color(rgb(0xe6e2da));
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
            paint.set_color(rgb(0xb9b2a8));
            pixmap.stroke_path(&path, &paint, &line(1.0, None), Transform::identity(), None);
        }
    }
    let regencies: Vec<_> = atlas
        .regencies
        .iter()
        .filter(|a| visible(a))
        .filter_map(path_of)
        .collect();
    paint.set_color(rgb(0xf2efe9));
    for path in &regencies {
        pixmap.fill_path(path, &paint, FillRule::EvenOdd, Transform::identity(), None);
    }
    if id.z >= 9 {
        paint.set_color(rgb(0xc9bcd6));
        let stroke = line(if id.z >= 11 { 1.2 } else { 0.8 }, Some((4.0, 3.0)));
        for d in atlas.districts.iter().filter(|a| visible(a)) {
            if let Some(path) = path_of(d) {
                pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
            }
        }
    }
    paint.set_color(rgb(0x9e7fb8));
    let stroke = line(if id.z >= 9 { 2.2 } else { 1.2 }, Some((8.0, 4.0)));
    for path in &regencies {
        pixmap.stroke_path(path, &paint, &stroke, Transform::identity(), None);
    }
    for label in labels {
        let (x, y) = (label.x - ox, label.y - oy);
        if x > -300.0 && x < TILE + 300.0 && y > -30.0 && y < TILE + 30.0 {
            draw_label(&mut pixmap, style, label, x as f32, y as f32);
        }
    }
    // Opaque RGB, compressed hard: the pack ships with the app.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode png");
    png
}

/// Draws `label` centred at (cx, cy) with a white halo.
fn draw_label(pixmap: &mut Pixmap, style: &Style, label: &Label, cx: f32, cy: f32) {
    let font = style.font(label.bold);
    let scaled = font.as_scaled(PxScale::from(label.size));
    let width = style.text_width(label);
    let baseline = cy + (scaled.ascent() + scaled.descent()) / 2.0;
    let color = [
        (label.color >> 16) as u8,
        (label.color >> 8) as u8,
        label.color as u8,
    ];
    for (offsets, rgb) in [
        (
            &[
                (-1.0, -1.0),
                (0.0, -1.0),
                (1.0, -1.0),
                (-1.0, 0.0),
                (1.0, 0.0),
                (-1.0, 1.0),
                (0.0, 1.0),
                (1.0, 1.0),
            ][..],
            [255u8, 255, 255],
        ),
        (&[(0.0, 0.0)][..], color),
    ] {
        for &(dx, dy) in offsets {
            let mut x = cx - width / 2.0 + dx;
            for c in label.text.chars() {
                let glyph_id = scaled.glyph_id(c);
                let glyph = glyph_id
                    .with_scale_and_position(PxScale::from(label.size), point(x, baseline + dy));
                x += scaled.h_advance(glyph_id);
                let Some(outline) = font.outline_glyph(glyph) else {
                    continue;
                };
                let bounds = outline.px_bounds();
                let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
                let data = pixmap.data_mut();
                outline.draw(|gx, gy, coverage| {
                    let px = bounds.min.x as i32 + gx as i32;
                    let py = bounds.min.y as i32 + gy as i32;
                    if px < 0 || py < 0 || px >= w || py >= h {
                        return;
                    }
                    let i = ((py * w + px) * 4) as usize;
                    for k in 0..3 {
                        let dst = data[i + k] as f32;
                        data[i + k] =
                            (rgb[k] as f32 * coverage + dst * (1.0 - coverage)).round() as u8;
                    }
                });
            }
        }
    }
}
