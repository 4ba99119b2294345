export interface Config {
  audit?: {
    /**
     * Events at this severity or above are stored in the audit trail
     * (lower ones go to the log only; denials are always stored).
     * Default: medium.
     */
    minSeverity?: 'low' | 'medium' | 'high' | 'critical';
    retention?: {
      /** Rows older than this many days are pruned (default 365). */
      days?: number;
    };
  };
}
