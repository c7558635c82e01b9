//! The width and height of a PNG, GIF, JPEG or WebP image, read from its
//! header (for `og:image:width`/`height`). Pure: takes the bytes; `None`
//! for anything else or a header cut short.

/// (width, height) in pixels.
pub(crate) fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk comes first: width and height, big-endian.
        return Some((be32(bytes, 16)?, be32(bytes, 20)?));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some((u32::from(le16(bytes, 6)?), u32::from(le16(bytes, 8)?)));
    }
    if bytes.starts_with(b"\xff\xd8") {
        return jpeg(bytes);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return webp(bytes);
    }
    None
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// The segments of a JPEG up to its first frame header (SOF0–SOF15 but
/// DHT, JPG and DAC), which holds its height then its width.
fn jpeg(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xFF.
        while *bytes.get(at)? == 0xff && *bytes.get(at + 1)? == 0xff {
            at += 1;
        }
        if *bytes.get(at)? != 0xff {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = usize::from(be16(bytes, at + 2)?);
        if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
            let height = be16(bytes, at + 5)?;
            let width = be16(bytes, at + 7)?;
            return Some((u32::from(width), u32::from(height)));
        }
        if length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

/// The three kinds of WebP: lossy (`VP8 `), lossless (`VP8L`), extended
/// (`VP8X`).
fn webp(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => {
            // After the frame tag (3 bytes) and the start code (3 bytes):
            // 14-bit width and height.
            let width = le16(bytes, 26)? & 0x3fff;
            let height = le16(bytes, 28)? & 0x3fff;
            Some((u32::from(width), u32::from(height)))
        }
        b"VP8L" => {
            // After the signature byte: 14 bits of width - 1, 14 of height - 1.
            let b = bytes.get(21..25)?;
            let bits = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => Some((le24(bytes, 24)? + 1, le24(bytes, 27)? + 1)),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::dimensions;

    /// The header of a PNG of `width` × `height` (enough to be measured).
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn png_and_gif() {
        assert_eq!(dimensions(&png(1200, 630)), Some((1200, 630)));
        assert_eq!(dimensions(b"GIF89a\x20\x03\x58\x02\0\0"), Some((800, 600)));
    }

    #[test]
    fn jpeg_frame_after_other_segments() {
        let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc4, 0, 2];
        bytes.extend([0xff, 0xc2, 0, 11, 8, 0x02, 0x76, 0x04, 0xb0, 3, 0, 0, 0]);
        assert_eq!(dimensions(&bytes), Some((1200, 630)));
    }

    #[test]
    fn webp_kinds() {
        let riff = |kind: &[u8], rest: &[u8]| {
            let mut bytes = b"RIFF\0\0\0\0WEBP".to_vec();
            bytes.extend(kind);
            bytes.extend([0; 4]);
            bytes.extend(rest);
            bytes
        };
        let lossy = riff(b"VP8 ", &[0, 0, 0, 0x9d, 0x01, 0x2a, 0xb0, 0x04, 0x76, 0x02]);
        assert_eq!(dimensions(&lossy), Some((1200, 630)));
        let extended = riff(b"VP8X", &[0, 0, 0, 0, 0xaf, 0x04, 0, 0x75, 0x02, 0]);
        assert_eq!(dimensions(&extended), Some((1200, 630)));
        // 1199 | 629 << 14, little-endian, after the 0x2f signature.
        let bits: u32 = 0x04af | (0x0275 << 14);
        let mut rest = vec![0x2f];
        rest.extend(bits.to_le_bytes());
        assert_eq!(dimensions(&riff(b"VP8L", &rest)), Some((1200, 630)));
    }

    #[test]
    fn others_and_short_headers() {
        assert_eq!(dimensions(b"<svg/>"), None);
        assert_eq!(dimensions(&png(1, 1)[..18]), None);
        assert_eq!(dimensions(&[0xff, 0xd8, 0xff]), None);
    }
}
