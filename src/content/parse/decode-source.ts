import { ContentError } from './content-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes of an editor's file → NFC text with LF line ends. Accepts UTF-8 with or without a BOM
 * and UTF-16 with a BOM (what Windows Notepad writes as "Unicode"); anything else is rejected
 * with the line of the first bad byte, because guessing an 8-bit code page would publish mojibake.
 */
export function decodeSource(bytes: Uint8Array, file: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = decodeUtf16(bytes, 'utf-16le', file);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = decodeUtf16(bytes, 'utf-16be', file);
  } else {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      throw new ContentError(file, 'chứa byte NUL: đây là tệp nhị phân, không phải văn bản', {
        line: lineOfByte(bytes, nul),
      });
    }
    try {
      text = utf8.decode(bytes);
    } catch (cause) {
      throw new ContentError(file, 'không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8', {
        line: lineOfByte(bytes, firstInvalidUtf8(bytes)),
        cause,
      });
    }
    if (text.startsWith('\uFEFF')) text = text.slice(1);
  }
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
  } catch (cause) {
    throw new ContentError(file, `tệp ${encoding.toUpperCase()} bị hỏng; hãy lưu lại với UTF-8`, {
      cause,
    });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    throw new ContentError(file, 'chứa ký tự NUL: đây là tệp nhị phân, không phải văn bản', {
      line: text.slice(0, nul).split('\n').length,
    });
  }
  return text;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Decode progressively larger prefixes of each line; the first line that fails holds the byte.
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      utf8.decode(bytes.subarray(start, end));
    } catch {
      return start;
    }
    start = end + 1;
  }
  return bytes.length;
}
