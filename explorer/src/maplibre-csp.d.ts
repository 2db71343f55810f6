// The CSP build of MapLibre (its worker from our own file, not a blob) has the same API as the main entry.
declare module "maplibre-gl/dist/maplibre-gl-csp.js" {
  import maplibregl from "maplibre-gl";
  export default maplibregl;
}
