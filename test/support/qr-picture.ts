// A QR code's modules read back from the path the SVG draws, and drawn again as the pixels a
// camera would see: for the tests that decode what the portal prints (the TOTP enrolment code,
// the banks' payment code) with a real decoder.

/** The dark modules of a path of row runs ("M x y h n v1 h-n z"), `size` modules a side. */
export function modulesOfPath(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, length] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(length); i += 1) grid[Number(y)]![Number(x) + i] = true;
  }
  return grid;
}

/** The modules as RGBA pixels, black on white, `scale` pixels a module. */
export function pictureOf(modules: boolean[][], scale: number): { width: number; height: number; data: Uint8Array } {
  const side = modules.length * scale;
  const data = new Uint8Array(side * side * 4).fill(255);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      if (modules[Math.floor(y / scale)]![Math.floor(x / scale)])
        data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return { width: side, height: side, data };
}
