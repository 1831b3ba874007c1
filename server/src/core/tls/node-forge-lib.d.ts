// node-forge's modules loaded one by one (see forge-asn1.ts); its types describe only the whole.
declare module 'node-forge/lib/forge' {
  import forge from 'node-forge';
  const shared: typeof forge;
  export default shared;
}
declare module 'node-forge/lib/asn1';
