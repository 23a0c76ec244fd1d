// The API reference page: Scalar renders /openapi/v1.json. Fonts are the system's (the CSP allows no font host).
import { initialize } from '/api/scalar/scalar.aspnetcore.js';

initialize('/api/reference', false, {
  _integration: 'dotnet',
  withDefaultFonts: false,
  hideClientButton: true,
  sources: [{ title: 'v1', url: '/openapi/v1.json' }],
}, '');
