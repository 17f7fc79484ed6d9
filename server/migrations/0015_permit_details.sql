-- Data Detail: the fields each permit type asks besides the documents (eptsp-core's
-- `details::DetailField`, as a JSON array), checked by the desktop and again here.
ALTER TABLE permit_types ADD COLUMN details JSONB NOT NULL DEFAULT '[]';

UPDATE permit_types SET details = '[
  {"key": "debit_air", "label": "Debit air yang dimohon", "kind": "number", "required": true, "unit": "m³/hari", "min": 1, "max": 5000, "printed": true},
  {"key": "kedalaman_sumur", "label": "Kedalaman sumur", "kind": "number", "required": true, "unit": "meter", "min": 1, "max": 500, "printed": true},
  {"key": "jumlah_sumur", "label": "Jumlah sumur", "kind": "number", "required": true, "unit": "sumur", "min": 1, "max": 50, "printed": false},
  {"key": "peruntukan", "label": "Peruntukan air", "kind": "choice", "required": true, "options": ["Industri", "Usaha/komersial", "Perkebunan/pertanian", "Air minum kawasan", "Lainnya"], "printed": true}
]' WHERE id = 'sipa';

UPDATE permit_types SET details = '[
  {"key": "komoditas", "label": "Komoditas batuan", "kind": "text", "required": true, "printed": true},
  {"key": "luas_wilayah", "label": "Luas wilayah izin", "kind": "number", "required": true, "unit": "ha", "min": 1, "max": 100, "printed": true},
  {"key": "produksi", "label": "Rencana produksi", "kind": "number", "required": true, "unit": "ton/tahun", "min": 1, "max": 10000000, "printed": false}
]' WHERE id = 'iup-batuan';

UPDATE permit_types SET details = '[
  {"key": "jenis_pemanfaatan", "label": "Jenis pemanfaatan", "kind": "choice", "required": true, "options": ["Jaringan utilitas", "Bangunan/reklame", "Akses jalan masuk", "Lainnya"], "printed": true},
  {"key": "panjang", "label": "Panjang ruang yang dimanfaatkan", "kind": "number", "required": true, "unit": "meter", "min": 1, "max": 100000, "printed": true}
]' WHERE id = 'rumija';

UPDATE permit_types SET details = '[
  {"key": "nama_kapal", "label": "Nama kapal", "kind": "text", "required": true, "printed": true},
  {"key": "ukuran_kapal", "label": "Ukuran kapal", "kind": "number", "required": true, "unit": "GT", "min": 5, "max": 30, "printed": true},
  {"key": "alat_tangkap", "label": "Alat penangkapan ikan", "kind": "choice", "required": true, "options": ["Pancing ulur", "Rawai", "Jaring insang", "Pukat cincin", "Bagan"], "printed": true}
]' WHERE id = 'sipi';

UPDATE permit_types SET details = '[
  {"key": "trayek", "label": "Trayek (kota asal – kota tujuan)", "kind": "text", "required": true, "printed": true},
  {"key": "jumlah_kendaraan", "label": "Jumlah kendaraan", "kind": "number", "required": true, "unit": "unit", "min": 1, "max": 500, "printed": true}
]' WHERE id = 'akdp';

UPDATE catalogue_meta SET version = version + 1;
