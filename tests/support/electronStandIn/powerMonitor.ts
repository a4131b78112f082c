// Electron's powerMonitor: the operating system's power and screen events. Here nothing emits
// them on its own; a test emits 'suspend', 'resume', 'lock-screen' or 'unlock-screen' itself.
import { EventEmitter } from 'node:events';

class PowerMonitor extends EventEmitter {
  getSystemIdleState(_idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    return 'active';
  }

  getSystemIdleTime(): number {
    return 0;
  }

  getCurrentThermalState(): 'unknown' | 'nominal' | 'fair' | 'serious' | 'critical' {
    return 'nominal';
  }

  isOnBatteryPower(): boolean {
    return false;
  }

  get onBatteryPower(): boolean {
    return false;
  }
}

export const powerMonitor = new PowerMonitor();
