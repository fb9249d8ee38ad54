/*!
// ruleid: ossast.js.vulnerable-library.jquery
 * jQuery JavaScript Library v1.8.3
 */
/*!
// ruleid: ossast.js.vulnerable-library.jquery
 * jQuery UI - v1.8.24 - 2012-09-28
 */
/*!
// ok: ossast.js.vulnerable-library.jquery
 * jQuery JavaScript Library v3.7.1
 */
