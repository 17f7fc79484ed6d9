//! The static map image of a permit site (a marker or a polygon) drawn from the same tiles as
//! the picker, for the wizard's Lokasi step, the verifier's review and the printed izin.

use image::{ImageFormat, Rgba, RgbaImage, imageops};
use serde::{Deserialize, Serialize};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use crate::coords::LatLng;
use crate::tiles::{TILE, TileId, TileSource, project};

/// What is drawn on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Shape {
    Point { at: LatLng },
    Polygon { vertices: Vec<LatLng> },
}

/// The zoom a point is shown at when the tiles allow it.
pub const POINT_ZOOM: u8 = 16;

/// Tiles are enlarged at most this many zoom levels past the deepest one available.
const MAX_OVERZOOM: u8 = 1;

/// A rendered preview.
pub struct Preview {
    pub png: Vec<u8>,
    pub zoom: u8,
    /// Tiles drawn from a coarser zoom than `zoom` (enlarged) or missing altogether.
    pub enlarged: usize,
    pub missing: usize,
}

/// The zoom at which `shape` fits `width` × `height` with a margin.
pub fn fit_zoom(shape: &Shape, width: u32, height: u32) -> u8 {
    match shape {
        Shape::Point { .. } => POINT_ZOOM,
        Shape::Polygon { vertices } => {
            let mut zoom = 19u8;
            while zoom > 3 {
                let (x0, y0, x1, y1) = extent(vertices, zoom as f64);
                if x1 - x0 <= width as f64 * 0.75 && y1 - y0 <= height as f64 * 0.75 {
                    break;
                }
                zoom -= 1;
            }
            zoom
        }
    }
}

fn extent(vertices: &[LatLng], zoom: f64) -> (f64, f64, f64, f64) {
    vertices.iter().map(|v| project(*v, zoom)).fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), (x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// Draws `shape` over the map, `width` × `height` pixels, as PNG.
pub async fn render(source: &TileSource, shape: &Shape, width: u32, height: u32) -> Preview {
    let zoom = fit_zoom(shape, width, height)
        .min(source.max_zoom().saturating_add(MAX_OVERZOOM))
        .max(5);
    let z = zoom as f64;
    let (cx, cy) = match shape {
        Shape::Point { at } => project(*at, z),
        Shape::Polygon { vertices } => {
            let (x0, y0, x1, y1) = extent(vertices, z);
            ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
        }
    };
    let (left, top) = (cx - width as f64 / 2.0, cy - height as f64 / 2.0);
    let mut canvas = RgbaImage::from_pixel(width, height, Rgba([0xdd, 0xe3, 0xe6, 0xff]));
    let (mut enlarged, mut missing) = (0, 0);
    let max_index = (1u64 << zoom) as f64;
    let (tx0, ty0) = (
        (left / TILE).floor().max(0.0),
        (top / TILE).floor().max(0.0),
    );
    let (tx1, ty1) = (
        ((left + width as f64) / TILE).floor().min(max_index - 1.0),
        ((top + height as f64) / TILE).floor().min(max_index - 1.0),
    );
    for tx in tx0 as u32..=tx1 as u32 {
        for ty in ty0 as u32..=ty1 as u32 {
            let id = TileId::new(zoom, tx, ty);
            let Some((tile, from_coarser)) = best_tile(source, id).await else {
                missing += 1;
                continue;
            };
            enlarged += from_coarser as usize;
            let x = (tx as f64 * TILE - left).round() as i64;
            let y = (ty as f64 * TILE - top).round() as i64;
            imageops::overlay(&mut canvas, &tile, x, y);
        }
    }
    draw_shape(&mut canvas, shape, left, top, z);
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(canvas)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .expect("encoding a PNG in memory");
    Preview {
        png,
        zoom,
        enlarged,
        missing,
    }
}

/// The tile as a 256 px image: itself, or the matching part of a coarser tile enlarged.
async fn best_tile(source: &TileSource, id: TileId) -> Option<(RgbaImage, bool)> {
    let mut ancestor = id;
    for depth in 0..=MAX_OVERZOOM as u32 + 4 {
        if let Some(bytes) = source.tile(ancestor).await
            && let Ok(img) = image::load_from_memory(&bytes)
        {
            let img = img.to_rgba8();
            if depth == 0 {
                let img = if img.width() == TILE as u32 {
                    img
                } else {
                    imageops::resize(
                        &img,
                        TILE as u32,
                        TILE as u32,
                        imageops::FilterType::Triangle,
                    )
                };
                return Some((img, false));
            }
            let parts = 1u32 << depth;
            let side = img.width() / parts;
            let (sx, sy) = ((id.x % parts) * side, (id.y % parts) * side);
            let crop = imageops::crop_imm(&img, sx, sy, side.max(1), side.max(1)).to_image();
            let up = imageops::resize(
                &crop,
                TILE as u32,
                TILE as u32,
                imageops::FilterType::Triangle,
            );
            return Some((up, true));
        }
        ancestor = ancestor.parent()?;
    }
    None
}

fn draw_shape(canvas: &mut RgbaImage, shape: &Shape, left: f64, top: f64, zoom: f64) {
    let (w, h) = canvas.dimensions();
    let Some(mut pixmap) = Pixmap::from_vec(
        std::mem::take(canvas).into_raw(),
        tiny_skia::IntSize::from_wh(w, h).expect("size"),
    ) else {
        return;
    };
    let at = |p: LatLng| {
        let (x, y) = project(p, zoom);
        ((x - left) as f32, (y - top) as f32)
    };
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    let stroke = |width: f32| Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    match shape {
        Shape::Polygon { vertices } => {
            let mut pb = PathBuilder::new();
            for (i, v) in vertices.iter().enumerate() {
                let (x, y) = at(*v);
                if i == 0 {
                    pb.move_to(x, y);
                } else {
                    pb.line_to(x, y);
                }
            }
            pb.close();
            if let Some(path) = pb.finish() {
                paint.set_color(Color::from_rgba8(220, 38, 38, 70));
                pixmap.fill_path(
                    &path,
                    &paint,
                    FillRule::EvenOdd,
                    Transform::identity(),
                    None,
                );
                paint.set_color(Color::from_rgba8(185, 28, 28, 255));
                pixmap.stroke_path(&path, &paint, &stroke(3.0), Transform::identity(), None);
            }
            for v in vertices {
                let (x, y) = at(*v);
                if let Some(dot) = PathBuilder::from_circle(x, y, 4.0) {
                    paint.set_color(Color::WHITE);
                    pixmap.fill_path(&dot, &paint, FillRule::Winding, Transform::identity(), None);
                    paint.set_color(Color::from_rgba8(185, 28, 28, 255));
                    pixmap.stroke_path(&dot, &paint, &stroke(2.0), Transform::identity(), None);
                }
            }
        }
        Shape::Point { at: p } => {
            let (x, y) = at(*p);
            // A pin whose tip is exactly on the point.
            let mut pb = PathBuilder::new();
            pb.move_to(x, y);
            pb.cubic_to(x - 4.0, y - 10.0, x - 13.0, y - 16.0, x - 13.0, y - 26.0);
            pb.cubic_to(x - 13.0, y - 34.0, x - 7.0, y - 40.0, x, y - 40.0);
            pb.cubic_to(x + 7.0, y - 40.0, x + 13.0, y - 34.0, x + 13.0, y - 26.0);
            pb.cubic_to(x + 13.0, y - 16.0, x + 4.0, y - 10.0, x, y);
            pb.close();
            if let Some(pin) = pb.finish() {
                paint.set_color(Color::from_rgba8(220, 38, 38, 255));
                pixmap.fill_path(&pin, &paint, FillRule::Winding, Transform::identity(), None);
                paint.set_color(Color::from_rgba8(127, 29, 29, 255));
                pixmap.stroke_path(&pin, &paint, &stroke(1.5), Transform::identity(), None);
            }
            if let Some(dot) = PathBuilder::from_circle(x, y - 26.0, 5.0) {
                paint.set_color(Color::WHITE);
                pixmap.fill_path(&dot, &paint, FillRule::Winding, Transform::identity(), None);
            }
        }
    }
    *canvas = RgbaImage::from_raw(w, h, pixmap.take()).expect("same size");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tiles::Sources;

    async fn shipped() -> TileSource {
        let pack = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kaltim.pmtiles");
        let (source, problems) = TileSource::open(&Sources {
            packs: vec![pack],
            xyz: None,
        })
        .await;
        assert!(problems.is_empty(), "{problems:?}");
        source
    }

    fn save(name: &str, png: &[u8]) {
        if let Ok(dir) = std::env::var("EPTSP_MAP_SHOTS") {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(format!("{dir}/{name}"), png).unwrap();
        }
    }

    #[tokio::test]
    async fn a_point_preview_has_the_pin_tip_on_the_point() {
        let source = shipped().await;
        let at = LatLng::new(-0.5020, 117.1530);
        let preview = render(&source, &Shape::Point { at }, 600, 360).await;
        save("preview-point.png", &preview.png);
        // The shipped pack stops at zoom 12: the preview is drawn at 13, enlarged twice.
        assert_eq!(preview.zoom, 13);
        assert!(preview.enlarged > 0);
        assert_eq!(preview.missing, 0);
        let img = image::load_from_memory(&preview.png).unwrap().to_rgba8();
        assert_eq!(img.dimensions(), (600, 360));
        // The pin is red just above the centre; the map is not red well away from it.
        let red = |p: &Rgba<u8>| p[0] > 180 && p[1] < 80 && p[2] < 80;
        assert!(
            red(img.get_pixel(300, 175)),
            "{:?}",
            img.get_pixel(300, 175)
        );
        assert!(!red(img.get_pixel(100, 100)));
    }

    #[tokio::test]
    async fn a_polygon_preview_fits_the_polygon() {
        let source = shipped().await;
        let vertices = crate::atlas::square(LatLng::new(-0.5020, 117.1530), 400.0);
        let shape = Shape::Polygon { vertices };
        assert_eq!(fit_zoom(&shape, 600, 360), 15);
        let preview = render(&source, &shape, 600, 360).await;
        save("preview-polygon.png", &preview.png);
        let img = image::load_from_memory(&preview.png).unwrap().to_rgba8();
        // The outline crosses the horizontal through the centre twice, inside the frame.
        let row: Vec<bool> = (0..600)
            .map(|x| {
                let p = img.get_pixel(x, 180);
                p[0] > 150 && p[1] < 60 && p[2] < 60
            })
            .collect();
        let edges = row.windows(2).filter(|w| !w[0] && w[1]).count();
        assert_eq!(edges, 2, "two red edges on the centre row");
        assert!(!row[10] && !row[590]);
    }

    #[tokio::test]
    async fn without_tiles_the_shape_is_still_drawn() {
        let (empty, _) = TileSource::open(&Sources::default()).await;
        let at = LatLng::new(-0.5020, 117.1530);
        let preview = render(&empty, &Shape::Point { at }, 300, 200).await;
        assert!(preview.missing > 0);
        let img = image::load_from_memory(&preview.png).unwrap().to_rgba8();
        let p = img.get_pixel(150, 95);
        assert!(p[0] > 180 && p[1] < 80, "{p:?}");
    }
}
