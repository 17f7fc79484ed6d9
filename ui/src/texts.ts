// Wording that must match the guide (and eptsp-core) word for word; a core test compares it.

/** The declaration of step 5 (core: `dossier::PERNYATAAN`). */
export const PERNYATAAN =
  "Dengan ini saya menyatakan bahwa data yang saya kirim adalah benar dan valid. Saya bersedia menerima sanksi sesuai dengan ketentuan peraturan perundang-undangan yang berlaku jika data yang saya kirim tidak benar dan tidak valid.";
