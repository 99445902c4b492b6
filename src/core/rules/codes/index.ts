// Every rule, one module per catalog code (a unit test keeps the two in step). Order does not
// matter: lintText sorts the findings by place, then code.
import cp001 from './cp001-toml-syntax';
import cp002 from './cp002-invalid-value';
import cp003 from './cp003-approval-untrusted-retired';
import cp004 from './cp004-legacy-profile-key';
import cp005 from './cp005-wire-api-chat';
import cp006 from './cp006-mcp-inline-bearer-token';
import cp007 from './cp007-reserved-provider-id';
import cp008 from './cp008-permissions-without-default';
import cp009 from './cp009-unknown-default-permissions';
import cp010 from './cp010-legacy-profile-with-flag';
import cp101 from './cp101-unknown-key';
import cp102 from './cp102-guide-key';
import cp103 from './cp103-captured-key';
import cp201 from './cp201-inert-tools-web-search';
import cp202 from './cp202-inert-network-access';
import cp203 from './cp203-inert-legacy-profile';
import cp204 from './cp204-inert-domain-rules';
import cp205 from './cp205-project-stripped-key';
import cp206 from './cp206-untrusted-project-config';
import cp207 from './cp207-overridden-by-layer';
import cp208 from './cp208-removed-feature';
import cp209 from './cp209-agent-config-file-in-dot-codex';
import cp210 from './cp210-unused-permission-profile';
import cp211 from './cp211-sandbox-mode-beside-default-permissions';
import cp212 from './cp212-project-trust-entry';
import cp301 from './cp301-deprecated-on-failure';
import cp302 from './cp302-deprecated-web-search-feature';
import cp303 from './cp303-deprecated-feature';
import cp401 from './cp401-yolo';
import cp402 from './cp402-danger-full-access';
import cp403 from './cp403-network-on';
import cp404 from './cp404-live-web-search';
import cp405 from './cp405-notify-program';
import cp406 from './cp406-credentials-elsewhere';
import cp407 from './cp407-literal-secret';
import cp408 from './cp408-windows-path-escape';
import cp409 from './cp409-mcp-unpinned-package';
import cp410 from './cp410-mcp-plain-http';
import cp411 from './cp411-environment-inherits-all';
import cp412 from './cp412-project-runs-program';
import cp413 from './cp413-hook-skipped';
import cp414 from './cp414-broad-trust';
import cp900 from './cp900-policy';
import cp901 from './cp901-policy-file';
import type { Rule } from '../rule';

export const RULE_MODULES: readonly Rule[] = [
  cp001,
  cp002,
  cp003,
  cp004,
  cp005,
  cp006,
  cp007,
  cp008,
  cp009,
  cp010,
  cp101,
  cp102,
  cp103,
  cp201,
  cp202,
  cp203,
  cp204,
  cp205,
  cp206,
  cp207,
  cp208,
  cp209,
  cp210,
  cp211,
  cp212,
  cp301,
  cp302,
  cp303,
  cp401,
  cp402,
  cp403,
  cp404,
  cp405,
  cp406,
  cp407,
  cp408,
  cp409,
  cp410,
  cp411,
  cp412,
  cp413,
  cp414,
  cp900,
  cp901,
];
