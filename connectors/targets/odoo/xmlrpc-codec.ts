import { Deserializer, serializeFault, serializeMethodCall, serializeMethodResponse, XmlRpcFault } from '@foxglove/xmlrpc';
import type { XmlRpcValue } from '@foxglove/xmlrpc';
import type { OdooValue } from './rpc';

/**
 * XML-RPC encoding through @foxglove/xmlrpc (maintained, typed, serialiser and SAX-based parser that
 * run apart from any HTTP stack, so doorzet's own fetch wrapper keeps its timeouts and ambiguity
 * rules). The simulator uses the same codec for the server side of the wire.
 */

export type { XmlRpcValue };
export { XmlRpcFault };

export const encodeCall = (method: string, params: readonly OdooValue[]): string => serializeMethodCall(method, params as XmlRpcValue[], 'utf-8');

/** The value of a methodResponse; rejects with XmlRpcFault for a `<fault>`, with Error for anything else malformed. */
export const decodeResponse = (xml: string): Promise<XmlRpcValue> => new Deserializer().deserializeMethodResponse(xml);

export const decodeCall = (xml: string): Promise<[string, XmlRpcValue[]]> => new Deserializer().deserializeMethodCall(xml);

export const encodeResponse = (value: OdooValue): string => serializeMethodResponse(value);

export const encodeFault = (faultCode: number, faultString: string): string => serializeFault(new XmlRpcFault(faultString, faultCode));
