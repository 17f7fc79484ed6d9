//! The picker's tile loader: walkers asks for tiles on the UI thread, and they come from the
//! packs, the XYZ cache or the server on a background thread.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, mpsc};

use egui::{Rect, TextureHandle, pos2, vec2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId as WTileId, TilePiece, Tiles};

use crate::tiles::{Sources, TileId, TileSource};

/// Tiles for walkers from [`TileSource`] (packs, XYZ cache, XYZ server), loaded on a
/// background thread; a tile not (yet) there is drawn from the nearest coarser one.
pub struct MapTiles {
    ctx: egui::Context,
    textures: HashMap<TileId, Option<TextureHandle>>,
    requests: mpsc::Sender<TileId>,
    results: mpsc::Receiver<(TileId, Option<egui::ColorImage>)>,
    max_zoom: Arc<AtomicU8>,
    pub(super) attribution: &'static str,
}

impl MapTiles {
    pub fn start(sources: Sources, ctx: egui::Context) -> MapTiles {
        let (requests, inbox) = mpsc::channel::<TileId>();
        let (outbox, results) = mpsc::channel();
        let max_zoom = Arc::new(AtomicU8::new(0));
        let (zoom_out, repaint) = (max_zoom.clone(), ctx.clone());
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            let (source, problems) = runtime.block_on(TileSource::open(&sources));
            for p in problems {
                eprintln!("peta: {p}");
            }
            zoom_out.store(source.max_zoom(), Ordering::SeqCst);
            let _ = ready_tx.send(source.attribution());
            let source = Arc::new(source);
            while let Ok(id) = inbox.recv() {
                let (source, outbox, repaint) = (source.clone(), outbox.clone(), repaint.clone());
                runtime.spawn(async move {
                    let image = source.tile(id).await.and_then(|bytes| decode(&bytes));
                    let _ = outbox.send((id, image));
                    repaint.request_repaint();
                });
            }
        });
        let attribution = ready_rx.recv().unwrap_or_default();
        MapTiles {
            ctx,
            textures: HashMap::new(),
            requests,
            results,
            max_zoom,
            attribution: Box::leak(attribution.into_boxed_str()),
        }
    }

    fn receive(&mut self) {
        while let Ok((id, image)) = self.results.try_recv() {
            let texture = image.map(|img| {
                self.ctx.load_texture(
                    format!("tile-{}-{}-{}", id.z, id.x, id.y),
                    img,
                    egui::TextureOptions::LINEAR,
                )
            });
            self.textures.insert(id, texture);
        }
    }

    /// Tiles being loaded right now (tests wait for none).
    pub fn loading(&self) -> usize {
        self.textures.values().filter(|t| t.is_none()).count()
    }
}

fn decode(bytes: &[u8]) -> Option<egui::ColorImage> {
    let img = image::load_from_memory(bytes).ok()?.to_rgba8();
    let size = [img.width() as usize, img.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw()))
}

impl Tiles for MapTiles {
    fn at(&mut self, wanted: WTileId) -> Option<TilePiece> {
        self.receive();
        let id = TileId::new(wanted.zoom, wanted.x, wanted.y);
        if !id.valid() {
            return None;
        }
        let deepest = self.max_zoom.load(Ordering::SeqCst);
        let mut fetch = id;
        while fetch.z > deepest {
            fetch = fetch.parent()?;
        }
        if !self.textures.contains_key(&fetch) && self.requests.send(fetch).is_ok() {
            self.textures.insert(fetch, None);
        }
        // The tile, or the part of the nearest coarser tile loaded so far.
        let mut ancestor = id;
        let mut depth = 0u32;
        loop {
            if let Some(Some(texture)) = self.textures.get(&ancestor) {
                let parts = (1u32 << depth) as f32;
                let min = pos2(
                    (id.x % (1 << depth)) as f32 / parts,
                    (id.y % (1 << depth)) as f32 / parts,
                );
                let uv = Rect::from_min_size(min, vec2(1.0 / parts, 1.0 / parts));
                return Some(TilePiece::new(Tile::Raster(texture.clone()), uv));
            }
            ancestor = ancestor.parent()?;
            depth += 1;
        }
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution,
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}
