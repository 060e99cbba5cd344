// `node --import tsx scripts/make-share-image.ts`: draws public/share.png, the picture of link
// previews for pages without one of their own, from the logo. Run once when the logo changes and
// commit the result: the site serves the file and never draws it.
import path from 'node:path';
import sharp from 'sharp';
import { PUBLIC_DIR } from '../src/paths.js';
import { SITE_IMAGE } from '../src/web/preview-image.js';

// The page's paper and the masthead's red rule, so a preview looks like the site it opens.
const PAPER = '#fdfcf9';
const ACCENT = '#a4161a';
const RULE = 16;
// Facebook shows 1.91:1, Zalo and WhatsApp often crop to a centred square: the logo sits in the
// middle, well inside that square, with nothing else that a crop could cut.
const LOGO = 360;

const { width, height } = SITE_IMAGE;
const logo = await sharp(path.join(PUBLIC_DIR, 'logo.png')).resize(LOGO, LOGO).toBuffer();
const rule = await sharp({
  create: { width, height: RULE, channels: 3, background: ACCENT },
})
  .png()
  .toBuffer();
const target = path.join(PUBLIC_DIR, SITE_IMAGE.file);
await sharp({ create: { width, height, channels: 3, background: PAPER } })
  .composite([
    { input: rule, top: 0, left: 0 },
    { input: logo, top: Math.round((height - LOGO) / 2), left: Math.round((width - LOGO) / 2) },
  ])
  // A few flat colours: a palette keeps the file small for previews fetched on slow networks.
  .png({ palette: true, compressionLevel: 9 })
  .toFile(target);
console.log(`wrote ${path.relative(process.cwd(), target)} (${width}×${height})`);
